import type { Clock } from '@vigil/runtime';
import { InputError } from './decode/input-error';
import { decodeAlertmanagerWebhook } from './decode/alertmanager-webhook';
import type { OtlpEncoding, Warnings } from './decode/otlp-request';
import { decodeOtlpLogs, decodeOtlpTraces } from './decode/otlp-request';
import { deriveGenAiUsage } from './derive/gen-ai-usage';
import { deriveRedMetrics } from './derive/red-metrics';
import { ServiceEdgeTracker } from './derive/service-edges';
import type { IngestConfig } from './ingest.config';
import type { TenantLimits } from './limits/tenant-limits';
import type { Rejections } from './normalize/rejections';
import { SeriesAccumulator } from './normalize/series-accumulator';
import type { SeriesIdentityCache } from './normalize/series-identity';
import type { TelemetryPublisher } from './pipeline/telemetry-publisher';
import type { Endpoint, IngestMetrics } from './telemetry/ingest-metrics';

/** What a request achieved: the HTTP layer turns it into the protocol's answer. */
export interface IngestOutcome {
  readonly accepted: number;
  readonly rejected: number;
  /** Reasons for what was refused plus warnings; empty when everything was taken. */
  readonly message: string;
}

/**
 * The ingest use case, free of HTTP: decode → validate → limits → derive → publish, resolving
 * only when the bus confirmed durability. Throws InputError for requests refused as a whole.
 */
export class IngestPipeline {
  private readonly edges: ServiceEdgeTracker;

  constructor(
    private readonly config: IngestConfig,
    private readonly identities: SeriesIdentityCache,
    private readonly limits: TenantLimits,
    private readonly publisher: TelemetryPublisher,
    private readonly metrics: IngestMetrics,
    private readonly clock: Clock,
  ) {
    this.edges = new ServiceEdgeTracker(config.edgeCacheSpans);
  }

  /** Metrics from any decoder that fills a SeriesAccumulator (OTLP, remote_write, points). */
  async metricsFrom(endpoint: Endpoint, tenant: string, decode: (acc: SeriesAccumulator) => Warnings | void): Promise<IngestOutcome> {
    this.publisher.checkCapacity();
    const acc = this.newAccumulator(tenant);
    const warnings = decode(acc) ?? [];
    this.limits.takeRate(tenant, acc.accepted, acc.nowMillis);
    const before = acc.rejections.total;
    const series = this.limits.admitSeries(tenant, acc.series(), acc.rejections, acc.nowMillis);
    const accepted = acc.accepted - (acc.rejections.total - before);
    this.refuseIfNothingTaken(endpoint, accepted, acc.rejections);
    await this.publisher.publishSeries(series);
    return this.outcome(endpoint, accepted, acc.rejections, warnings);
  }

  async traces(tenant: string, body: Buffer, encoding: OtlpEncoding): Promise<IngestOutcome> {
    this.publisher.checkCapacity();
    const now = this.clock.now();
    const { spans, rejections, warnings } = decodeOtlpTraces(body, encoding, tenant, this.config.time, now);
    this.limits.takeRate(tenant, spans.length, now);
    this.refuseIfNothingTaken('otlp_traces', spans.length, rejections);
    const derived = this.newAccumulator(tenant, now);
    deriveRedMetrics(spans, derived);
    this.edges.track(spans, derived);
    deriveGenAiUsage(spans, this.config.genAiPrices, derived);
    // Both must be durable before the 2xx; derived series are small next to the spans.
    await Promise.all([this.publisher.publishSpans(spans), this.publisher.publishSeries(derived.series())]);
    this.metrics.accepted.inc({ endpoint: 'derived' }, derived.accepted);
    return this.outcome('otlp_traces', spans.length, rejections, warnings);
  }

  async logs(tenant: string, body: Buffer, encoding: OtlpEncoding): Promise<IngestOutcome> {
    this.publisher.checkCapacity();
    const now = this.clock.now();
    const { records, rejections, warnings } = decodeOtlpLogs(body, encoding, tenant, this.config.time, now);
    this.limits.takeRate(tenant, records.length, now);
    this.refuseIfNothingTaken('otlp_logs', records.length, rejections);
    await this.publisher.publishLogs(records);
    return this.outcome('otlp_logs', records.length, rejections, warnings);
  }

  async alerts(tenant: string, body: Buffer): Promise<IngestOutcome> {
    const now = this.clock.now();
    const alerts = decodeAlertmanagerWebhook(body, tenant, now);
    await this.publisher.publishAlerts(alerts);
    this.metrics.accepted.inc({ endpoint: 'alerts' }, alerts.length);
    return { accepted: alerts.length, rejected: 0, message: '' };
  }

  private newAccumulator(tenant: string, now = this.clock.now()): SeriesAccumulator {
    return new SeriesAccumulator(tenant, this.identities, this.config.time, now);
  }

  /**
   * OTLP: a request that is only partly bad is a 200 with partial success; one where nothing
   * could be taken is a permanent failure, a 400 (or a 429 when only the series limit stood in
   * the way, which clears when old series go).
   */
  private refuseIfNothingTaken(endpoint: Endpoint, accepted: number, rejections: Rejections): void {
    if (accepted > 0 || rejections.total === 0) return;
    this.metrics.countRejections(endpoint, rejections);
    const onlySeriesLimit = rejections.byReason().size === 1 && rejections.byReason().has('series_limit_exceeded');
    if (onlySeriesLimit) throw new InputError(429, 'series_limit_exceeded', rejections.message(), 60);
    throw new InputError(400, 'all_rejected', `nothing in the request could be accepted: ${rejections.message()}`);
  }

  private outcome(endpoint: Endpoint, accepted: number, rejections: Rejections, warnings: Warnings): IngestOutcome {
    this.metrics.accepted.inc({ endpoint }, accepted);
    this.metrics.countRejections(endpoint, rejections);
    const message = [rejections.message(), ...warnings].filter((part) => part !== '').join('; ');
    return { accepted, rejected: rejections.total, message };
  }
}
