import type { Logger } from '@vigil/observability';
import type { DetectorBook } from './detector-book';
import type { InboxItem, PartitionStateRepository } from './partition-state.repository';
import { decodeLogEntry } from './series-checkpoint';

/**
 * Converts a partition's state from the legacy layout (`anomaly-detector/p<P>/…`, keyed by
 * fingerprint alone) to the tenant-keyed one (decision 160), so an upgrade resumes every
 * detector instead of relearning it. Legacy checkpoints carry their series' tenant in the
 * metadata; legacy log entries name series by fingerprint, which was unique in that layout.
 *
 * Crash-safe and idempotent: the converted checkpoints are written, then the `migrated` marker,
 * then the legacy keys deleted. Without the marker a retry converts again from the untouched
 * legacy keys (the owner scores nothing before the conversion ends); with it, leftover legacy
 * keys are only deleted.
 */
export class LegacyStateMigration {
  constructor(
    private readonly repository: PartitionStateRepository,
    private readonly book: DetectorBook,
    private readonly logger: Logger,
  ) {}

  /** Converts `partition` if it has legacy state; `nowMillis` stamps carried-over inbox reports. */
  async run(partition: number, nowMillis: number): Promise<void> {
    const legacy = await this.repository.legacy(partition);
    if (!legacy) return;
    if (await this.repository.migrated(partition)) {
      await this.repository.deleteKeys(legacy.keys);
      return;
    }
    this.book.install(partition, legacy.checkpoints, legacy.log, decodeLogEntry);
    const converted = this.book.rekeyLegacy(partition);
    this.book.drop(partition); // the caller installs the converted state like any other
    const checkpoints = this.book.takeDirty(converted);
    const tenantOf = new Map([...converted.series.values()].map((record) => [record.fingerprint, record.meta.tenant]));
    const inbox: InboxItem[] = [];
    for (const item of legacy.inbox) {
      const tenant = tenantOf.get(item.fingerprint);
      if (tenant !== undefined) inbox.push({ id: item.id, tenant, fingerprint: item.fingerprint, atMillis: nowMillis });
      else this.logger.warn({ feedback: item.id, series: item.fingerprint, partition }, 'legacy false-positive report for a series with no state; dropped (its tenant is unknown)');
    }
    await this.repository.compact(partition, checkpoints, []);
    if (inbox.length > 0) await this.repository.addToInbox(partition, inbox);
    await this.repository.markMigrated(partition);
    await this.repository.deleteKeys(legacy.keys);
    this.logger.info({ partition, series: checkpoints.length, legacyLogEntries: legacy.log.length, inbox: inbox.length }, 'legacy detector state converted to tenant keys');
  }
}
