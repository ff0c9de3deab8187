import type { StateStore } from '@vigil/state';
import { textValue, valueText } from '@vigil/state';

/** A false-positive report waiting for the owner of its series' partition. */
export interface InboxItem {
  /** Feedback id (applied once). */
  readonly id: string;
  readonly fingerprint: string;
}

const ROOT = 'anomaly-detector';
const NO_LIMIT = { limit: 10_000_000 };
const FEEDBACK_MEMORY_MILLIS = 7 * 24 * 3_600_000;
const pad = (offset: number) => String(offset).padStart(16, '0');

/**
 * The detector's keys in the state store (decision 130), per metrics partition:
 * `anomaly-detector/p<P>/s/<fingerprint>` series checkpoints, `…/log/<first>-<last>` one entry
 * per committed batch since the last compaction, `…/inbox` false-positive reports for the
 * partition's owner; and `anomaly-detector/feedback/<id>` so a report is taken once.
 */
export class PartitionStateRepository {
  constructor(private readonly state: StateStore) {}

  private base(partition: number): string {
    return `${ROOT}/p${partition}/`;
  }

  /**
   * A partition's log and checkpoints. The log is read first: a previous owner compacting at the
   * same moment writes checkpoints before deleting log entries, so whatever mix is read, every
   * point is in one or the other (and replay skips points a checkpoint already has).
   */
  async load(partition: number): Promise<{ log: [string, Uint8Array][]; checkpoints: [string, Uint8Array][] }> {
    const logPrefix = `${this.base(partition)}log/`;
    const seriesPrefix = `${this.base(partition)}s/`;
    const log = (await this.state.scan(logPrefix, NO_LIMIT)).map((e): [string, Uint8Array] => [e.key, e.value]);
    const checkpoints = (await this.state.scan(seriesPrefix, NO_LIMIT)).map((e): [string, Uint8Array] => [e.key.slice(seriesPrefix.length), e.value]);
    return { log, checkpoints };
  }

  /** Writes one committed batch's log entry; returns its key. */
  async appendLog(partition: number, firstOffset: number, lastOffset: number, bytes: Uint8Array): Promise<string> {
    const key = `${this.base(partition)}log/${pad(firstOffset)}-${pad(lastOffset)}`;
    await this.state.set(key, bytes);
    return key;
  }

  /** Writes changed series' checkpoints, then deletes the log entries they now cover. */
  async compact(partition: number, checkpoints: readonly [string, Uint8Array][], logKeys: readonly string[]): Promise<void> {
    const prefix = `${this.base(partition)}s/`;
    await Promise.all(checkpoints.map(([fingerprint, bytes]) => this.state.set(prefix + fingerprint, bytes)));
    await Promise.all(logKeys.map((key) => this.state.delete(key)));
  }

  async inbox(partition: number): Promise<InboxItem[]> {
    const text = valueText(await this.state.get(`${this.base(partition)}inbox`));
    return text ? (JSON.parse(text) as InboxItem[]) : [];
  }

  /** Adds a report to a partition's inbox (once per id). */
  async addToInbox(partition: number, item: InboxItem): Promise<void> {
    await this.updateInbox(partition, (items) => (items.some((i) => i.id === item.id) ? items : [...items, item]));
  }

  /** Removes reports the owner applied (and logged). */
  async removeFromInbox(partition: number, ids: ReadonlySet<string>): Promise<void> {
    await this.updateInbox(partition, (items) => items.filter((i) => !ids.has(i.id)));
  }

  /** True the first time a feedback id is seen (remembered for a week). */
  async firstSight(feedbackId: string): Promise<boolean> {
    return !(await this.state.get(`${ROOT}/feedback/${feedbackId}`));
  }

  async remember(feedbackId: string): Promise<void> {
    await this.state.set(`${ROOT}/feedback/${feedbackId}`, textValue('1'), { ttlMillis: FEEDBACK_MEMORY_MILLIS });
  }

  /** Read-modify-compare-and-set: feedback consumers and the owner may update an inbox at once. */
  private async updateInbox(partition: number, change: (items: InboxItem[]) => InboxItem[]): Promise<void> {
    const key = `${this.base(partition)}inbox`;
    for (;;) {
      const current = await this.state.get(key);
      const items = current ? (JSON.parse(valueText(current) as string) as InboxItem[]) : [];
      const next = textValue(JSON.stringify(change(items)));
      if (current && valueText(current) === valueText(next)) return;
      if (await this.state.compareAndSet(key, current, next)) return;
    }
  }
}
