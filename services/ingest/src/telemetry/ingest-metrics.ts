import { Counter, Gauge, Histogram } from 'prom-client';
import type { Registry } from 'prom-client';
import type { Rejections } from '../normalize/rejections';

/** Where telemetry came in: a label on the self-metrics. */
export type Endpoint = 'otlp_metrics' | 'otlp_traces' | 'otlp_logs' | 'remote_write' | 'points' | 'alerts' | 'derived';

/**
 * Ingest's self-metrics on the process registry (`/metrics`). Reasons are the closed set of
 * RejectReason / InputErrorCode values, never free text, so label cardinality stays fixed.
 */
export class IngestMetrics {
  readonly accepted: Counter<'endpoint'>;
  readonly rejected: Counter<'endpoint' | 'reason'>;
  readonly requestsRefused: Counter<'endpoint' | 'code'>;
  readonly inFlightPoints: Gauge;
  readonly publishedMessagePoints: Histogram;
  readonly insertRows: Histogram<'table'>;
  readonly insertSeconds: Histogram<'table'>;
  readonly insertFailures: Counter<'table'>;
  readonly consumerLagMillis: Gauge<'topic'>;
  readonly writerPaused: Gauge;

  constructor(registry: Registry, inFlight: () => number) {
    const registers = [registry];
    this.accepted = new Counter({ name: 'vigil_ingest_points_accepted_total', help: 'Points, spans, log records and alerts accepted (durable on the bus)', labelNames: ['endpoint'], registers });
    this.rejected = new Counter({ name: 'vigil_ingest_points_rejected_total', help: 'Points, spans and records refused, by reason', labelNames: ['endpoint', 'reason'], registers });
    this.requestsRefused = new Counter({ name: 'vigil_ingest_requests_refused_total', help: 'Requests answered 4xx/5xx, by code', labelNames: ['endpoint', 'code'], registers });
    this.inFlightPoints = new Gauge({
      name: 'vigil_ingest_inflight_points',
      help: 'Points accepted and waiting for the bus to confirm (the publish queue depth)',
      registers,
      collect() {
        this.set(inFlight());
      },
    });
    this.publishedMessagePoints = new Histogram({
      name: 'vigil_ingest_message_points',
      help: 'Points per published vigil.metrics.v1 message',
      buckets: [1, 10, 50, 100, 250, 500, 1000, 2000],
      registers,
    });
    this.insertRows = new Histogram({ name: 'vigil_ingest_writer_insert_rows', help: 'Rows per store insert', labelNames: ['table'], buckets: [10, 100, 1000, 10_000, 50_000, 100_000, 500_000], registers });
    this.insertSeconds = new Histogram({ name: 'vigil_ingest_writer_insert_seconds', help: 'Store insert latency', labelNames: ['table'], buckets: [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers });
    this.insertFailures = new Counter({ name: 'vigil_ingest_writer_insert_failures_total', help: 'Store inserts that failed (retried)', labelNames: ['table'], registers });
    this.consumerLagMillis = new Gauge({ name: 'vigil_ingest_writer_lag_milliseconds', help: 'Age of the newest message the writer stored, per topic (consumer lag in time)', labelNames: ['topic'], registers });
    this.writerPaused = new Gauge({ name: 'vigil_ingest_writer_paused', help: '1 while the writer has paused consuming because the store is down', registers });
  }

  countRejections(endpoint: Endpoint, rejections: Rejections): void {
    for (const [reason, count] of rejections.byReason()) this.rejected.inc({ endpoint, reason }, count);
  }
}
