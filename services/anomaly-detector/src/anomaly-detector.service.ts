import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { BusPublisher, partitionForKey, type Bus, type MessageBatch, type TopicPartition } from '@vigil/bus';
import { FeedbackKind, FeedbackTarget, TOPICS, encodePayload, fingerprintToHex, type Feedback, type MetricBatch } from '@vigil/contracts';
import { makeDetectConfig } from '@vigil/detect';
import { METRICS, type Logger } from '@vigil/observability';
import { BUS, CLOCK, LOGGER, STATE, STORE, type Clock } from '@vigil/runtime';
import type { StateStore } from '@vigil/state';
import { EventsRepository, retentionPolicy, type Store } from '@vigil/store';
import type { Registry } from 'prom-client';
import type { AnomalyDetectorConfig } from './anomaly-detector.config';
import { ANOMALY_DETECTOR_CONFIG } from './anomaly-detector.tokens';
import { toAlert, toAnomaly } from './anomaly-events';
import { DetectorBook, type PartitionBook, type ScoreOutcome, type SeriesRecord } from './detector-book';
import { DetectorMetrics } from './detector-metrics';
import { LegacyStateMigration } from './legacy-state.migration';
import { InboxView } from './inbox-view';
import { PartitionStateRepository, type InboxItem } from './partition-state.repository';
import { decodeLogEntry, encodeLogEntry, type LoggedSeries } from './series-checkpoint';
import { anomalyOfTenant, fingerprintOfAnomalyId, seriesKey } from './series-key';
import { signalSourceOf, type SignalPoints } from './signal/series-signal';

/** How long a false-positive report waits in an inbox for its series to show up. */
const INBOX_EXPIRY_MILLIS = 7 * 24 * 3_600_000;

/**
 * The anomaly-detector shell. Per metrics batch (one partition): apply pending false-positive
 * reports → score every point (DetectorBook, pure) → publish anomalies and alert changes (the
 * store writer persists them from the topics) → append the batch to the partition's log →
 * return (the bus commits). Every N
 * batches the changed series are checkpointed and the log truncated, off the batch's path.
 * A replica that takes a partition over loads checkpoints + log and resumes exactly (decision 130).
 * Every series is its tenant's: state, feedback and anomaly ids are keyed by tenant + fingerprint (160).
 */
@Injectable()
export class AnomalyDetectorService implements OnApplicationShutdown {
  private readonly book: DetectorBook;
  private readonly repository: PartitionStateRepository;
  private readonly events: EventsRepository;
  private readonly metrics: DetectorMetrics;
  private readonly migration: LegacyStateMigration;
  /** Inbox views of owned partitions; replaced whenever the partition's book is (re)loaded. */
  private readonly inboxes = new Map<number, InboxView>();
  /** In-flight compaction per partition (at most one). */
  private readonly compactions = new Map<number, Promise<void>>();
  private metricsPartitions?: Promise<number>;

  constructor(
    @Inject(ANOMALY_DETECTOR_CONFIG) private readonly config: AnomalyDetectorConfig,
    @Inject(STORE) store: Store,
    @Inject(STATE) state: StateStore,
    @Inject(BUS) private readonly bus: Bus,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METRICS) registry: Registry,
    private readonly publisher: BusPublisher,
  ) {
    this.book = new DetectorBook(makeDetectConfig(config.detect), config.sensitivityByMetric, config.policies, config.signal);
    this.repository = new PartitionStateRepository(state);
    this.events = new EventsRepository(store, retentionPolicy());
    this.metrics = new DetectorMetrics(registry);
    this.migration = new LegacyStateMigration(this.repository, this.book, logger);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled(this.compactions.values());
  }

  /** Loads the detectors of newly owned metrics partitions. */
  async partitionsAssigned(partitions: readonly TopicPartition[]): Promise<void> {
    for (const { topic, partition } of partitions) {
      if (topic !== TOPICS.metrics) continue;
      await this.load(partition);
    }
    this.updateSeriesGauge();
  }

  /**
   * Drops lost partitions. Nothing is written here: every committed batch is already in the log,
   * and on Kafka this hook runs after the new owner may have started (decisions 033, 130), so a
   * late write could overwrite its newer checkpoints.
   */
  async partitionsRevoked(partitions: readonly TopicPartition[]): Promise<void> {
    for (const { topic, partition } of partitions) {
      if (topic !== TOPICS.metrics) continue;
      await this.compactions.get(partition);
      this.book.drop(partition);
      this.inboxes.delete(partition);
    }
    this.updateSeriesGauge();
  }

  /**
   * Scores one partition's batch; resolves once its effects and its log entry are durable. On
   * failure the partition's detectors are dropped: they already learnt the batch, and the bus's
   * retry must score it again from the durable state (which does not have it yet).
   */
  async scoreBatch(batch: MessageBatch<MetricBatch>): Promise<void> {
    try {
      await this.scoreDurably(batch);
    } catch (error) {
      this.book.drop(batch.partition);
      this.inboxes.delete(batch.partition);
      throw error;
    }
  }

  private async scoreDurably(batch: MessageBatch<MetricBatch>): Promise<void> {
    const stopTimer = this.metrics.batchSeconds.startTimer();
    const partition = batch.partition;
    const book = this.book.partition(partition) ?? (await this.load(partition));
    const { reading, done } = await this.followInbox(partition, book);

    // Records first (a new series' pending reports apply before its first point), then feedback, then points.
    const work: { record: SeriesRecord; times: Float64Array; values: Float64Array }[] = [];
    for (const message of batch.messages) {
      for (const series of message.value.series) {
        if (series.sampleTimesUnixMs.length + series.histograms.length + series.summaries.length === 0) continue;
        const source = signalSourceOf(series);
        if (!source && series.sampleTimesUnixMs.length === 0) continue;
        const fingerprint = fingerprintToHex(series.fingerprint);
        const labels = series.labels.map((l): [string, string] => [l.name, l.value]);
        const record = this.book.record(book, seriesKey(series.tenant, fingerprint), { tenant: series.tenant, name: series.name, labels });
        if (!source) {
          work.push({ record, times: Float64Array.from(series.sampleTimesUnixMs), values: Float64Array.from(series.sampleValues) });
          continue;
        }
        // Counters and distributions: scored on their finished intervals (rate, mean).
        record.signal ??= this.book.newSignal(source);
        const finished: SignalPoints = { times: [], values: [] };
        if (!record.signal.take(message.offset, series, finished)) continue;
        record.dirty = true;
        work.push({ record, times: Float64Array.from(finished.times), values: Float64Array.from(finished.values) });
      }
    }
    const applied = book.pending.size > 0 ? this.book.applyPending(book) : { feedback: [], refs: [] };
    for (const ref of applied.refs) done.add(ref);

    const outcome: ScoreOutcome = { anomalies: [], transitions: [], scored: 0 };
    const logged: LoggedSeries[] = [];
    for (const { record, times, values } of work) {
      this.book.score(record, times, values, outcome);
      logged.push(this.book.logged(record, times, values));
    }

    await this.publish(outcome);
    const first = batch.messages[0].offset;
    const last = batch.messages[batch.messages.length - 1].offset;
    const entry = encodeLogEntry({ firstOffset: first, lastOffset: last, feedback: applied.feedback, series: logged });
    const [key, read] = await Promise.all([this.repository.appendLog(partition, first, last, entry), reading]);
    if (read) this.inboxView(partition).received(read);
    if (done.size > 0) await this.repository.removeFromInbox(partition, done);
    this.inboxView(partition).removed(done);
    book.logKeys.push(key);
    book.loggedPoints += outcome.scored;
    book.batchesSinceCompaction++;
    this.metrics.points.inc(outcome.scored);
    this.maybeCompact(partition, book);
    stopTimer();
  }

  /**
   * Takes false-positive reports (any member may consume them): each goes to the inbox of the
   * metrics partition that owns its series, once per tenant and feedback id, and into the store.
   * A report names a series of its own tenant only; the owner applies it when that tenant's
   * series is (or first becomes) known there.
   */
  async takeFeedback(batch: MessageBatch<Feedback>): Promise<void> {
    const reports = batch.messages
      .map((m) => m.value)
      .filter((f) => f.kind === FeedbackKind.FALSE_POSITIVE && (f.target === FeedbackTarget.SERIES || f.target === FeedbackTarget.ANOMALY));
    if (reports.length === 0) return;
    const partitions = await this.metricsPartitionCount();
    for (const report of reports) {
      if (!(await this.repository.firstSight(report.tenant, report.id))) continue;
      const fingerprint = (report.target === FeedbackTarget.SERIES ? report.targetId : fingerprintOfAnomalyId(report.targetId)).toLowerCase();
      if (!/^[0-9a-f]{16}$/.test(fingerprint)) {
        this.logger.warn({ feedback: report.id, target: report.targetId }, 'false-positive report names no series; ignored');
        continue;
      }
      if (report.target === FeedbackTarget.ANOMALY && !anomalyOfTenant(report.targetId, report.tenant)) {
        this.logger.warn({ feedback: report.id, tenant: report.tenant, target: report.targetId }, "false-positive report on another tenant's anomaly; ignored");
        continue;
      }
      const item: InboxItem = { id: report.id, tenant: report.tenant, fingerprint, atMillis: this.clock.now() };
      await this.repository.addToInbox(partitionForKey(fingerprint, partitions), [item]);
      await this.repository.remember(report.tenant, report.id);
    }
    await this.events.insertFeedback(reports, `anomaly-detector:feedback:${batch.partition}:${batch.messages[0].offset}`);
    this.logger.info({ reports: reports.length }, 'false-positive feedback taken');
  }

  private async publish(outcome: ScoreOutcome): Promise<void> {
    if (outcome.anomalies.length === 0 && outcome.transitions.length === 0) return;
    const detectedAt = this.clock.now();
    const anomalies = outcome.anomalies.map((a) => toAnomaly(a, detectedAt));
    const alerts = outcome.transitions.map(toAlert);
    // Only the publish is on the batch path; AnomalyStoreWriter stores both from the topics (decision 161).
    await Promise.all([
      anomalies.length > 0
        ? this.publisher.publish(
            TOPICS.anomalies,
            anomalies.map((a) => ({ key: fingerprintToHex(a.seriesFingerprint), value: encodePayload(TOPICS.anomalies, a) })),
          )
        : undefined,
      alerts.length > 0 ? this.publisher.publish(TOPICS.alerts, alerts.map((a) => ({ key: a.fingerprint, value: encodePayload(TOPICS.alerts, a) }))) : undefined,
    ]);
    this.metrics.anomalies.inc(anomalies.length);
    for (const alert of outcome.transitions) this.metrics.alerts.inc({ state: alert.state });
  }

  private async load(partition: number): Promise<PartitionBook> {
    const startedAt = this.clock.now();
    await this.migration.run(partition, startedAt);
    const { log, checkpoints } = await this.repository.load(partition);
    const book = this.book.install(partition, checkpoints, log, decodeLogEntry);
    this.inboxes.set(partition, new InboxView());
    this.logger.info({ partition, series: book.series.size, logEntries: log.length, replayedPoints: book.loggedPoints, millis: this.clock.now() - startedAt }, 'partition detectors loaded');
    return book;
  }

  private maybeCompact(partition: number, book: PartitionBook): void {
    if (this.compactions.has(partition)) return;
    if (book.batchesSinceCompaction < this.config.compactEveryBatches && book.loggedPoints < this.config.compactAfterLoggedPoints) return;
    const checkpoints = this.book.takeDirty(book);
    const logKeys = book.logKeys.splice(0);
    book.batchesSinceCompaction = 0;
    book.loggedPoints = 0;
    const run = this.repository
      .compact(partition, checkpoints, logKeys)
      .then(() => this.metrics.compactions.inc())
      .catch((error: unknown) => {
        // Nothing is lost: the log entries stay until a later compaction covers them.
        book.logKeys.unshift(...logKeys);
        for (const [fingerprint] of checkpoints) {
          const record = book.series.get(fingerprint);
          if (record) record.dirty = true;
        }
        this.logger.warn({ err: error, partition }, 'checkpoint compaction failed; will retry');
      })
      .finally(() => this.compactions.delete(partition));
    this.compactions.set(partition, run);
  }

  /**
   * The partition's false-positive inbox, off the batch path (decisions 132, 161): a read is
   * started at most every `inboxPollMillis` and runs beside the batch; the next batch adopts it
   * as the pending reports. The first batch after a load waits for its read. Returns the read in
   * flight and the refs this batch takes out of the inbox (replayed already, or expired).
   */
  private async followInbox(partition: number, book: PartitionBook): Promise<{ reading?: Promise<InboxItem[]>; done: Set<string> }> {
    const view = this.inboxView(partition);
    const now = this.clock.now();
    let reading = view.shouldRead(now, this.config.inboxPollMillis) ? this.repository.inbox(partition) : undefined;
    reading?.catch(() => undefined); // awaited with the log write; a failure there fails the batch
    if (reading && view.firstRead) {
      view.received(await reading);
      reading = undefined;
    }
    const { done, expired } = view.adopt(book, now, INBOX_EXPIRY_MILLIS);
    for (const item of expired) this.logger.warn({ feedback: item.id, tenant: item.tenant, series: item.fingerprint, partition }, 'false-positive report expired: its series never showed up');
    return { reading, done };
  }

  private inboxView(partition: number): InboxView {
    let view = this.inboxes.get(partition);
    if (!view) {
      view = new InboxView();
      this.inboxes.set(partition, view);
    }
    return view;
  }

  private metricsPartitionCount(): Promise<number> {
    this.metricsPartitions ??= this.bus.partitionCount(TOPICS.metrics);
    return this.metricsPartitions;
  }

  private updateSeriesGauge(): void {
    let series = 0;
    for (const partition of this.book.owned()) series += this.book.partition(partition)?.series.size ?? 0;
    this.metrics.series.set(series);
  }
}
