import { create } from '@bufbuild/protobuf';
import type { Bus, OutgoingMessage } from '@vigil/bus';
import type { Alert, LogRecord, Span } from '@vigil/contracts';
import { LogBatchSchema, SpanBatchSchema, TOPICS, encodePayload } from '@vigil/contracts';
import { InputError } from '../decode/input-error';
import { hexId } from '../derive/span-view';
import type { SeriesPoints } from '../normalize/telemetry';
import { pointCount } from '../normalize/telemetry';
import { encodeMetricBatch } from './metric-batch-encoder';
import { PartitionCache, packByPartition } from './partition-packer';

/** Publishing limits (config `services.ingest.publish`). */
export interface PublishOptions {
  /** Points per `vigil.metrics.v1` message (DESIGN.md measured ~500 as the sweet spot for Kafka). */
  readonly maxPointsPerMessage: number;
  /** Spans or log records per message. */
  readonly maxRecordsPerMessage: number;
  /**
   * Points (spans, records) accepted but not yet durable on the bus. Above it, requests get a
   * 503 with Retry-After instead of queueing without bound: backpressure, never silent loss.
   */
  readonly maxInFlightPoints: number;
  /** Retry-After seconds suggested when overloaded or when the bus is down. */
  readonly retryAfterSeconds: number;
}

/**
 * Publishes normalised telemetry, packed per partition, and resolves only when the bus said
 * every message is durable — so the HTTP layer answers 2xx only then. Tracks what is in flight
 * for backpressure.
 */
export class TelemetryPublisher {
  private inFlight = 0;
  private readonly partitionCaches = new Map<string, PartitionCache>();

  constructor(
    private readonly bus: Bus,
    private readonly options: PublishOptions,
  ) {}

  /** Points accepted and not yet durable (the queue depth metric). */
  get inFlightPoints(): number {
    return this.inFlight;
  }

  /** Learns the topics' partition counts; call once before publishing. */
  async start(): Promise<void> {
    for (const topic of [TOPICS.metrics, TOPICS.spans, TOPICS.logs, TOPICS.alerts]) {
      this.partitionCaches.set(topic, new PartitionCache(await this.bus.partitionCount(topic)));
    }
  }

  async publishSeries(series: readonly SeriesPoints[]): Promise<number> {
    const packed = packByPartition(series, (s) => s.identity.key, pointCount, this.partitions(TOPICS.metrics), this.options.maxPointsPerMessage);
    const messages = packed.map((message) => ({
      key: message.key,
      value: encodeMetricBatch(message.items),
    }));
    return this.send(TOPICS.metrics, messages, packed.reduce((n, m) => n + m.weight, 0));
  }

  async publishSpans(spans: readonly Span[]): Promise<number> {
    const packed = packByPartition(spans, (s) => hexId(s.traceId), () => 1, this.partitions(TOPICS.spans), this.options.maxRecordsPerMessage);
    const messages = packed.map((m) => ({ key: m.key, value: encodePayload(TOPICS.spans, create(SpanBatchSchema, { spans: m.items })) }));
    return this.send(TOPICS.spans, messages, spans.length);
  }

  async publishLogs(records: readonly LogRecord[]): Promise<number> {
    const packed = packByPartition(records, (r) => r.service, () => 1, this.partitions(TOPICS.logs), this.options.maxRecordsPerMessage);
    const messages = packed.map((m) => ({ key: m.key, value: encodePayload(TOPICS.logs, create(LogBatchSchema, { records: m.items })) }));
    return this.send(TOPICS.logs, messages, records.length);
  }

  async publishAlerts(alerts: readonly Alert[]): Promise<number> {
    const messages = alerts.map((alert) => ({ key: alert.fingerprint, value: encodePayload(TOPICS.alerts, alert) }));
    return this.send(TOPICS.alerts, messages, alerts.length);
  }

  /** Refuses work up front when the bus is already behind (before decoding the body). */
  checkCapacity(): void {
    if (this.inFlight >= this.options.maxInFlightPoints) throw this.overloaded();
  }

  private async send(topic: string, messages: OutgoingMessage[], points: number): Promise<number> {
    if (messages.length === 0) return 0;
    if (this.inFlight + points > this.options.maxInFlightPoints && this.inFlight > 0) throw this.overloaded();
    this.inFlight += points;
    try {
      await this.bus.publish(topic, messages);
    } catch (cause) {
      throw new InputError(503, 'unavailable', `the bus did not confirm the write (${(cause as Error).message}); nothing from this request is guaranteed stored, retry`, this.options.retryAfterSeconds);
    } finally {
      this.inFlight -= points;
    }
    return points;
  }

  private overloaded(): InputError {
    return new InputError(503, 'overloaded', `ingest has ${this.inFlight} points waiting for the bus (limit ${this.options.maxInFlightPoints}); retry later`, this.options.retryAfterSeconds);
  }

  private partitions(topic: string): PartitionCache {
    const cache = this.partitionCaches.get(topic);
    if (!cache) throw new Error('TelemetryPublisher.start() was not awaited');
    return cache;
  }
}
