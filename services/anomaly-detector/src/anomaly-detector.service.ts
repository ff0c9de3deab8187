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
import { DetectorBook, fingerprintOfAnomalyId, type PartitionBook, type ScoreOutcome } from './detector-book';
import { DetectorMetrics } from './detector-metrics';
import { PartitionStateRepository } from './partition-state.repository';
import { decodeLogEntry, encodeLogEntry, type LoggedSeries } from './series-checkpoint';

/**
 * The anomaly-detector shell. Per metrics batch (one partition): apply pending false-positive
 * reports → score every point (DetectorBook, pure) → publish anomalies and alert changes and
 * store them → append the batch to the partition's log → return (the bus commits). Every N
 * batches the changed series are checkpointed and the log truncated, off the batch's path.
 * A replica that takes a partition over loads checkpoints + log and resumes exactly (decision 130).
 */
@Injectable()
export class AnomalyDetectorService implements OnApplicationShutdown {
  private readonly book: DetectorBook;
  private readonly repository: PartitionStateRepository;
  private readonly events: EventsRepository;
  private readonly metrics: DetectorMetrics;
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
    this.book = new DetectorBook(makeDetectConfig(config.detect), config.sensitivityByMetric, config.policies);
    this.repository = new PartitionStateRepository(state);
    this.events = new EventsRepository(store, retentionPolicy());
    this.metrics = new DetectorMetrics(registry);
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
      throw error;
    }
  }

  private async scoreDurably(batch: MessageBatch<MetricBatch>): Promise<void> {
    const stopTimer = this.metrics.batchSeconds.startTimer();
    const partition = batch.partition;
    const book = this.book.partition(partition) ?? (await this.load(partition));
    const inbox = await this.readInbox(partition, book);
    const feedback: [string, number][] = [];
    for (const item of inbox) {
      const reports = this.book.falsePositive(book, item.fingerprint);
      if (reports !== undefined) feedback.push([item.fingerprint, reports]);
      else this.logger.warn({ feedback: item.id, series: item.fingerprint, partition }, 'false-positive report for a series this partition has not seen; dropped');
    }

    const outcome: ScoreOutcome = { anomalies: [], transitions: [], scored: 0 };
    const logged: LoggedSeries[] = [];
    for (const message of batch.messages) {
      for (const series of message.value.series) {
        if (series.sampleTimesUnixMs.length === 0) continue;
        const fingerprint = fingerprintToHex(series.fingerprint);
        const labels = series.labels.map((l): [string, string] => [l.name, l.value]);
        const record = this.book.record(book, fingerprint, { tenant: series.tenant, name: series.name, labels });
        const times = Float64Array.from(series.sampleTimesUnixMs);
        const values = Float64Array.from(series.sampleValues);
        this.book.score(record, times, values, outcome);
        logged.push(this.book.logged(record, times, values));
      }
    }

    await this.publish(outcome);
    const first = batch.messages[0].offset;
    const last = batch.messages[batch.messages.length - 1].offset;
    const key = await this.repository.appendLog(partition, first, last, encodeLogEntry({ firstOffset: first, lastOffset: last, feedback, series: logged }));
    if (inbox.length > 0) await this.repository.removeFromInbox(partition, new Set(inbox.map((i) => i.id)));
    book.logKeys.push(key);
    book.loggedPoints += outcome.scored;
    book.batchesSinceCompaction++;
    this.metrics.points.inc(outcome.scored);
    this.maybeCompact(partition, book);
    stopTimer();
  }

  /**
   * Takes false-positive reports (any member may consume them): each goes to the inbox of the
   * metrics partition that owns its series, once per feedback id, and into the store.
   */
  async takeFeedback(batch: MessageBatch<Feedback>): Promise<void> {
    const reports = batch.messages
      .map((m) => m.value)
      .filter((f) => f.kind === FeedbackKind.FALSE_POSITIVE && (f.target === FeedbackTarget.SERIES || f.target === FeedbackTarget.ANOMALY));
    if (reports.length === 0) return;
    const partitions = await this.metricsPartitionCount();
    for (const report of reports) {
      if (!(await this.repository.firstSight(report.id))) continue;
      const fingerprint = (report.target === FeedbackTarget.SERIES ? report.targetId : fingerprintOfAnomalyId(report.targetId)).toLowerCase();
      if (!/^[0-9a-f]{16}$/.test(fingerprint)) {
        this.logger.warn({ feedback: report.id, target: report.targetId }, 'false-positive report names no series; ignored');
        continue;
      }
      await this.repository.addToInbox(partitionForKey(fingerprint, partitions), { id: report.id, fingerprint });
      await this.repository.remember(report.id);
    }
    await this.events.insertFeedback(reports, `anomaly-detector:feedback:${batch.partition}:${batch.messages[0].offset}`);
    this.logger.info({ reports: reports.length }, 'false-positive feedback taken');
  }

  private async publish(outcome: ScoreOutcome): Promise<void> {
    if (outcome.anomalies.length === 0 && outcome.transitions.length === 0) return;
    const detectedAt = this.clock.now();
    const anomalies = outcome.anomalies.map((a) => toAnomaly(a, detectedAt));
    const alerts = outcome.transitions.map(toAlert);
    await Promise.all([
      anomalies.length > 0
        ? this.publisher.publish(
            TOPICS.anomalies,
            anomalies.map((a) => ({ key: fingerprintToHex(a.seriesFingerprint), value: encodePayload(TOPICS.anomalies, a) })),
          )
        : undefined,
      alerts.length > 0 ? this.publisher.publish(TOPICS.alerts, alerts.map((a) => ({ key: a.fingerprint, value: encodePayload(TOPICS.alerts, a) }))) : undefined,
      this.events.insertAnomalies(anomalies),
      this.events.insertAlerts(alerts),
    ]);
    this.metrics.anomalies.inc(anomalies.length);
    for (const alert of outcome.transitions) this.metrics.alerts.inc({ state: alert.state });
  }

  private async load(partition: number): Promise<PartitionBook> {
    const startedAt = this.clock.now();
    const { log, checkpoints } = await this.repository.load(partition);
    const book = this.book.install(partition, checkpoints, log, decodeLogEntry);
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
   * Pending false-positive reports, read at most every `inboxPollMillis` per partition: a state
   * round trip per batch would sit on the latency path of every point (decision 132).
   */
  private async readInbox(partition: number, book: PartitionBook) {
    const now = this.clock.now();
    if (now - book.inboxReadAtMillis < this.config.inboxPollMillis) return [];
    book.inboxReadAtMillis = now;
    return this.repository.inbox(partition);
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
