import { effectsAt, type Effects, type ScheduledIncident } from './incidents';
import { loadFactor } from './load';
import { Random } from './random';
import { resourcePoints } from './resource-metrics';
import type { FleetBatch, SimLog } from './telemetry';
import { serveOperation, type TraceContext } from './trace-builder';
import { ENTRY_SERVICE, FLEET_SERVICES, ROUTES, type RouteSpec } from './topology';

export interface FleetOptions {
  /** Same seed, same fleet: every random draw comes from streams derived from it. */
  readonly seed: number;
  /** Requests per second entering at the gateway at peak load (before incidents). */
  readonly requestsPerSecond: number;
  /** Spacing of the resource gauges, ms. */
  readonly metricIntervalMillis: number;
  /** Where slow growths (disk) start counting from; usually the run's start. */
  readonly epochMillis: number;
  readonly incidents: readonly ScheduledIncident[];
  /** Fraction of successful gateway requests that write an INFO access log. */
  readonly accessLogRatio?: number;
}

const SECOND = 1000;

/**
 * The simulated fleet: `generate(from, to)` returns the telemetry of simulated time
 * [from, to) as plain data. Pure and deterministic: randomness is drawn per second (requests)
 * and per sample time (gauges) from streams derived from the seed, so the output does not
 * depend on how time is sliced into calls — a 60× demo and a one-shot test see the same fleet.
 * No wall clock is read: the caller owns time.
 */
export class FleetSimulator {
  private readonly accessLogRatio: number;

  constructor(readonly options: FleetOptions) {
    this.accessLogRatio = options.accessLogRatio ?? 0.05;
  }

  /**
   * Telemetry of [fromMillis, toMillis). `gaugesOnly` leaves out requests (spans and their logs):
   * for back-filling history, since ingest derives RED metrics at receive time and old spans
   * would all count as "now".
   */
  generate(fromMillis: number, toMillis: number, gaugesOnly = false): FleetBatch {
    const batch: FleetBatch = { spans: [], points: [], logs: [] };
    if (!gaugesOnly) for (let second = Math.ceil(fromMillis / SECOND); second * SECOND < toMillis; second++) this.requestsOfSecond(second, batch);
    const interval = this.options.metricIntervalMillis;
    for (let slot = Math.ceil(fromMillis / interval); slot * interval < toMillis; slot++) this.gaugesAt(slot * interval, batch);
    this.deployLogs(fromMillis, toMillis, batch.logs);
    return batch;
  }

  /** Traffic as a fraction of peak at a time, incidents included. */
  loadAt(timeMillis: number, effects: Effects = effectsAt(this.options.incidents, timeMillis)): number {
    return loadFactor(timeMillis) * effects.loadFactor;
  }

  private requestsOfSecond(second: number, batch: FleetBatch): void {
    const startMillis = second * SECOND;
    const rng = Random.derive(this.options.seed, `requests:${second}`);
    const effects = effectsAt(this.options.incidents, startMillis);
    const count = rng.poisson(this.options.requestsPerSecond * this.loadAt(startMillis, effects));
    for (let i = 0; i < count; i++) {
      const route = pickRoute(rng);
      const ctx: TraceContext = { rng, effects, traceId: rng.hex(16), spans: batch.spans, logs: batch.logs };
      const at = startMillis + rng.next() * SECOND;
      const outcome = serveOperation(ctx, ENTRY_SERVICE, route.operation, at, undefined);
      if (!outcome.error && rng.chance(this.accessLogRatio)) {
        const root = batch.spans[batch.spans.length - 1];
        batch.logs.push({
          service: ENTRY_SERVICE,
          version: root.version,
          timeMillis: outcome.endMillis,
          severity: 'INFO',
          body: `${route.operation} 200 ${(outcome.endMillis - at).toFixed(1)}ms`,
          traceId: ctx.traceId,
          spanId: root.spanId,
          attributes: { 'http.route': route.operation.split(' ')[1], 'http.response.status_code': 200 },
        });
      }
    }
  }

  private gaugesAt(timeMillis: number, batch: FleetBatch): void {
    const effects = effectsAt(this.options.incidents, timeMillis);
    const load = this.loadAt(timeMillis, effects);
    for (const spec of FLEET_SERVICES) {
      const rng = Random.derive(this.options.seed, `gauges:${spec.name}:${timeMillis}`);
      const version = effects.versions.get(spec.name) ?? spec.version;
      batch.points.push(...resourcePoints({ spec, version, timeMillis, load, effects, sinceEpochMillis: timeMillis - this.options.epochMillis }, rng));
    }
  }

  /** An INFO log when an incident starts with a deploy (a version change), as CD systems write. */
  private deployLogs(fromMillis: number, toMillis: number, logs: SimLog[]): void {
    for (const incident of this.options.incidents) {
      if (incident.startMillis < fromMillis || incident.startMillis >= toMillis) continue;
      for (const [service, version] of effectsAt([incident], incident.startMillis).versions) {
        logs.push({ service, version, timeMillis: incident.startMillis, severity: 'INFO', body: `deployed ${service} ${version}`, attributes: { 'event.name': 'deployment', 'service.version': version } });
      }
    }
  }
}

function pickRoute(rng: Random): RouteSpec {
  let u = rng.next();
  for (const route of ROUTES) {
    u -= route.weight;
    if (u < 0) return route;
  }
  return ROUTES[ROUTES.length - 1];
}
