import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** The detector's own Prometheus metrics (one set per registry, so several members can share a process). */
export class DetectorMetrics {
  readonly points: Counter;
  readonly anomalies: Counter;
  readonly alerts: Counter<'state'>;
  readonly batchSeconds: Histogram;
  readonly series: Gauge;
  readonly compactions: Counter;

  constructor(registry: Registry) {
    const registers = [registry];
    const once = <M>(name: string, make: () => M): M => (registry.getSingleMetric(name) as M | undefined) ?? make();
    this.points = once('vigil_detector_points_scored_total', () => new Counter({ name: 'vigil_detector_points_scored_total', help: 'Points scored (replayed duplicates excluded)', registers }));
    this.anomalies = once('vigil_detector_anomalies_total', () => new Counter({ name: 'vigil_detector_anomalies_total', help: 'Anomalies published', registers }));
    this.alerts = once('vigil_detector_alerts_total', () => new Counter({ name: 'vigil_detector_alerts_total', help: 'Alert state changes published', labelNames: ['state'], registers }));
    this.batchSeconds = once(
      'vigil_detector_batch_seconds',
      () => new Histogram({ name: 'vigil_detector_batch_seconds', help: 'Time to score, publish and log one partition batch', buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1], registers }),
    );
    this.series = once('vigil_detector_series_owned', () => new Gauge({ name: 'vigil_detector_series_owned', help: 'Series whose detectors this replica holds', registers }));
    this.compactions = once('vigil_detector_compactions_total', () => new Counter({ name: 'vigil_detector_compactions_total', help: 'Partition log compactions (checkpoints written)', registers }));
  }
}
