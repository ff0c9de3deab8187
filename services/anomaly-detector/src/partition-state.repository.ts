import type { StateStore } from '@vigil/state';
import { textValue, valueText } from '@vigil/state';
import { reportRef, seriesKey } from './series-key';

/** A false-positive report waiting for the owner of its series' partition. */
export interface InboxItem {
  /** Feedback id (applied once per tenant). */
  readonly id: string;
  /** The reporter's tenant: the report applies to that tenant's series only. */
  readonly tenant: string;
  readonly fingerprint: string;
  /** When it was taken (clock ms); a report whose series never shows up expires. */
  readonly atMillis: number;
}

/** An inbox item's identity: the same feedback id from two tenants is two reports. */
export const inboxRef = (item: { readonly id: string; readonly tenant: string; readonly fingerprint: string }): string =>
  reportRef(seriesKey(item.tenant, item.fingerprint), item.id);

const ROOT = 'anomaly-detector';
/** The layout keyed by tenant + fingerprint (decision 160); `anomaly-detector/p<P>/…` is the legacy one. */
const LAYOUT = `${ROOT}/v2`;
const NO_LIMIT = { limit: 10_000_000 };
const FEEDBACK_MEMORY_MILLIS = 7 * 24 * 3_600_000;
const pad = (offset: number) => String(offset).padStart(16, '0');

/** A partition's durable detector state as stored: log entries (with their keys) and checkpoints by series key. */
export interface StoredPartition {
  readonly log: [string, Uint8Array][];
  readonly checkpoints: [string, Uint8Array][];
}

/**
 * The detector's keys in the state store (decisions 130, 160), per metrics partition:
 * `anomaly-detector/v2/p<P>/s/<tenant>/<fingerprint>` series checkpoints, `…/log/<first>-<last>`
 * one entry per committed batch since the last compaction, `…/inbox` false-positive reports for
 * the partition's owner, `…/migrated` once the legacy keys were converted; and
 * `anomaly-detector/feedback/<tenant>/<id>` so a report is taken once.
 */
export class PartitionStateRepository {
  constructor(private readonly state: StateStore) {}

  private base(partition: number): string {
    return `${LAYOUT}/p${partition}/`;
  }

  /**
   * A partition's log and checkpoints. The log is read first: a previous owner compacting at the
   * same moment writes checkpoints before deleting log entries, so whatever mix is read, every
   * point is in one or the other (and replay skips points a checkpoint already has).
   */
  load(partition: number): Promise<StoredPartition> {
    return this.loadUnder(this.base(partition));
  }

  /** Writes one committed batch's log entry; returns its key. */
  async appendLog(partition: number, firstOffset: number, lastOffset: number, bytes: Uint8Array): Promise<string> {
    const key = `${this.base(partition)}log/${pad(firstOffset)}-${pad(lastOffset)}`;
    await this.state.set(key, bytes);
    return key;
  }

  /** Writes changed series' checkpoints (by series key), then deletes the log entries they now cover. */
  async compact(partition: number, checkpoints: readonly [string, Uint8Array][], logKeys: readonly string[]): Promise<void> {
    const prefix = `${this.base(partition)}s/`;
    await Promise.all(checkpoints.map(([key, bytes]) => this.state.set(prefix + key, bytes)));
    await Promise.all(logKeys.map((key) => this.state.delete(key)));
  }

  async inbox(partition: number): Promise<InboxItem[]> {
    return parseInbox(valueText(await this.state.get(`${this.base(partition)}inbox`)));
  }

  /** Adds reports to a partition's inbox (once per tenant and id). */
  async addToInbox(partition: number, added: readonly InboxItem[]): Promise<void> {
    await this.updateInbox(partition, (items) => {
      const present = new Set(items.map(inboxRef));
      return [...items, ...added.filter((item) => !present.has(inboxRef(item)))];
    });
  }

  /** Removes reports (by `inboxRef`) the owner applied (and logged), or that expired. */
  async removeFromInbox(partition: number, refs: ReadonlySet<string>): Promise<void> {
    await this.updateInbox(partition, (items) => items.filter((i) => !refs.has(inboxRef(i))));
  }

  /** True the first time a tenant's feedback id is seen (remembered for a week). */
  async firstSight(tenant: string, feedbackId: string): Promise<boolean> {
    return !(await this.state.get(this.feedbackKey(tenant, feedbackId)));
  }

  async remember(tenant: string, feedbackId: string): Promise<void> {
    await this.state.set(this.feedbackKey(tenant, feedbackId), textValue('1'), { ttlMillis: FEEDBACK_MEMORY_MILLIS });
  }

  /** The legacy (fingerprint-keyed) state of a partition, or undefined when there is none. */
  async legacy(partition: number): Promise<(StoredPartition & { inbox: { id: string; fingerprint: string }[]; keys: string[] }) | undefined> {
    const base = `${ROOT}/p${partition}/`;
    const all = await this.state.scan(base, NO_LIMIT);
    if (all.length === 0) return undefined;
    const { log, checkpoints } = await this.loadUnder(base);
    const inbox = all.find((e) => e.key === `${base}inbox`);
    const legacyItems = inbox ? (JSON.parse(valueText(inbox.value) ?? '[]') as { id: string; fingerprint: string }[]) : [];
    return { log, checkpoints, inbox: legacyItems, keys: all.map((e) => e.key) };
  }

  async migrated(partition: number): Promise<boolean> {
    return (await this.state.get(`${this.base(partition)}migrated`)) !== undefined;
  }

  /** Records that a partition's legacy state is fully converted (its legacy keys are garbage from now on). */
  async markMigrated(partition: number): Promise<void> {
    await this.state.set(`${this.base(partition)}migrated`, textValue('1'));
  }

  async deleteKeys(keys: readonly string[]): Promise<void> {
    await Promise.all(keys.map((key) => this.state.delete(key)));
  }

  private feedbackKey(tenant: string, feedbackId: string): string {
    return `${ROOT}/feedback/${encodeURIComponent(tenant)}/${feedbackId}`;
  }

  private async loadUnder(base: string): Promise<StoredPartition> {
    const logPrefix = `${base}log/`;
    const seriesPrefix = `${base}s/`;
    const log = (await this.state.scan(logPrefix, NO_LIMIT)).map((e): [string, Uint8Array] => [e.key, e.value]);
    const checkpoints = (await this.state.scan(seriesPrefix, NO_LIMIT)).map((e): [string, Uint8Array] => [e.key.slice(seriesPrefix.length), e.value]);
    return { log, checkpoints };
  }

  /** Read-modify-compare-and-set: feedback consumers and the owner may update an inbox at once. */
  private async updateInbox(partition: number, change: (items: InboxItem[]) => InboxItem[]): Promise<void> {
    const key = `${this.base(partition)}inbox`;
    for (;;) {
      const current = await this.state.get(key);
      const next = textValue(JSON.stringify(change(parseInbox(valueText(current)))));
      if (current && valueText(current) === valueText(next)) return;
      if (await this.state.compareAndSet(key, current, next)) return;
    }
  }
}

function parseInbox(text: string | undefined): InboxItem[] {
  return text ? (JSON.parse(text) as InboxItem[]) : [];
}
