import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Bus, BusConsumer, MessageBatch, TopicHandler } from '@vigil/bus';
import type { LogBatch, MetricBatch, SpanBatch } from '@vigil/contracts';
import { TOPICS, decodePayload } from '@vigil/contracts';
import type { Logger } from '@vigil/observability';
import { BUS, CLOCK, LOGGER, STATE, STORE, type Clock } from '@vigil/runtime';
import type { StateStore } from '@vigil/state';
import { LogsRepository, MetricsRepository, StoreUnavailableError, TracesRepository, retentionPolicy } from '@vigil/store';
import type { Store } from '@vigil/store';
import type { IngestConfig } from '../ingest.config';
import { INGEST_CONFIG, INGEST_METRICS } from '../ingest.tokens';
import type { IngestMetrics } from '../telemetry/ingest-metrics';
import { ConcurrencyLimit } from './concurrency-limit';
import { InsertIntents } from './insert-intents';
import { decodeMetricBatchFast } from './metric-batch-decoder';
import { writeLogBatch, writeMetricBatch, writeSpanBatch } from './telemetry-batch-writer';

export const WRITER_GROUP = 'ingest-writer';

/**
 * The writer role: consumer group `ingest-writer` on the telemetry topics, one large insert per
 * partition batch, committed (by the bus) only after the insert resolved. While the store is
 * unavailable it pauses the topic, retries the same batch with the same deduplication token
 * until it goes in, and resumes: nothing is lost, nothing is doubled (docs/decisions/096).
 */
@Injectable()
export class IngestWriterService implements OnApplicationBootstrap, OnApplicationShutdown {
  private consumer?: BusConsumer;
  private stopping = false;
  private readonly metricsRepository: MetricsRepository;
  private readonly tracesRepository: TracesRepository;
  private readonly logsRepository: LogsRepository;
  private readonly intents: InsertIntents;
  private readonly inserts: ConcurrencyLimit;

  constructor(
    @Inject(BUS) private readonly bus: Bus,
    @Inject(STORE) store: Store,
    @Inject(STATE) state: StateStore,
    @Inject(INGEST_CONFIG) private readonly config: IngestConfig,
    @Inject(INGEST_METRICS) private readonly metrics: IngestMetrics,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.intents = new InsertIntents(state);
    this.inserts = new ConcurrencyLimit(config.writer.maxConcurrentInserts);
    const retention = retentionPolicy();
    this.metricsRepository = new MetricsRepository(store, retention);
    this.tracesRepository = new TracesRepository(store, retention);
    this.logsRepository = new LogsRepository(store, retention);
  }

  async onApplicationBootstrap(): Promise<void> {
    const metricsHandler: TopicHandler<MetricBatch> = {
      topic: TOPICS.metrics,
      decode: decodeMetricBatchFast,
      handle: (batch) => this.write(batch, 'metric_samples', (chunk) => writeMetricBatch(this.metricsRepository, this.tracesRepository, chunk)),
    };
    const spansHandler: TopicHandler<SpanBatch> = {
      topic: TOPICS.spans,
      decode: (bytes) => decodePayload(TOPICS.spans, bytes),
      handle: (batch) => this.write(batch, 'spans', (chunk) => writeSpanBatch(this.tracesRepository, chunk)),
    };
    const logsHandler: TopicHandler<LogBatch> = {
      topic: TOPICS.logs,
      decode: (bytes) => decodePayload(TOPICS.logs, bytes),
      handle: (batch) => this.write(batch, 'logs', (chunk) => writeLogBatch(this.logsRepository, chunk)),
    };
    const handlers = [metricsHandler, spansHandler, logsHandler] as TopicHandler<unknown>[];
    this.consumer = this.bus.consumer({ groupId: WRITER_GROUP, handlers, maxBatchMessages: this.config.writer.maxMessagesPerBatch });
    await this.consumer.start();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.consumer?.stop();
  }

  /** Inserts a partition batch in the chunks its recorded intent asks for (insert-intents.ts). */
  private async write<T>(batch: MessageBatch<T>, table: string, insert: (chunk: MessageBatch<T>) => Promise<number>): Promise<void> {
    for (const chunk of await this.intents.plan(batch)) {
      await this.intents.record(chunk);
      await this.inserts.run(() => this.untilStored(chunk, table, () => insert(chunk)));
    }
  }

  /**
   * Runs `insert` until it succeeds. A store outage pauses the topic (so no more batches pile
   * up in memory) and retries on a fixed interval; other errors go back to the bus, whose retry
   * policy redelivers the batch.
   */
  private async untilStored(batch: MessageBatch<unknown>, table: string, insert: () => Promise<number>): Promise<void> {
    let paused = false;
    try {
      for (;;) {
        const started = performance.now();
        try {
          const rows = await insert();
          this.metrics.insertSeconds.observe({ table }, (performance.now() - started) / 1000);
          this.metrics.insertRows.observe({ table }, rows);
          const newest = batch.messages[batch.messages.length - 1].timestampMillis;
          this.metrics.consumerLagMillis.set({ topic: batch.topic }, Math.max(0, this.clock.now() - newest));
          return;
        } catch (error) {
          this.metrics.insertFailures.inc({ table });
          if (!(error instanceof StoreUnavailableError) || this.stopping) throw error;
          if (!paused) {
            paused = true;
            this.consumer?.pause(batch.topic);
            this.metrics.writerPaused.set(1);
            this.logger.warn({ err: error, topic: batch.topic, partition: batch.partition }, 'store unavailable: writer paused, retrying the batch');
          }
          await new Promise((resolve) => setTimeout(resolve, this.config.writer.storeRetryMillis));
        }
      }
    } finally {
      if (paused) {
        this.consumer?.resume(batch.topic);
        this.metrics.writerPaused.set(0);
        this.logger.info({ topic: batch.topic }, 'store back: writer resumed');
      }
    }
  }
}
