import { IncidentStatus, type Incident } from '@vigil/contracts';
import { FleetRunner, FleetSimulator, OtelFleetEmitter, scheduleIncidents, type IncidentSpec, type ScheduledIncident, type TimeSource } from '@vigil/fleet';
import type { RunningVigil } from '@vigil/runtime';
import { PipelineObserver } from './pipeline-observer';
import { renderIncidentCard } from './slack-card';

export interface DemoOptions {
  readonly vigil: RunningVigil;
  /** The fleet's key for ingest (see demoOverrides). */
  readonly apiKey: string;
  /** The pipeline's clock: the system clock for `vigil start`, a SpeedClock for `vigil demo`. */
  readonly clock: TimeSource;
  readonly speed: number;
  readonly seed: number;
  readonly requestsPerSecond: number;
  /** Incidents to inject, in order. */
  readonly scenarios: readonly IncidentSpec[];
  /** Simulated time from start to the first incident, and between incidents. */
  readonly firstIncidentAfterMillis: number;
  readonly gapMillis: number;
  /** Simulated history of resource gauges sent at start (capacity forecasts need a past). */
  readonly backfillMillis: number;
  readonly out: NodeJS.WriteStream;
  /** Told how far (simulated) the fleet has sent telemetry: a PacedClock's limit. */
  readonly onFleetPosition?: (simMillis: number) => void;
}

export interface RunningDemo {
  readonly schedule: readonly ScheduledIncident[];
  readonly observer: PipelineObserver;
  readonly runner: FleetRunner;
  stop(): Promise<void>;
}

/**
 * The living demo: the simulated fleet sending OTLP to this process's ingest, incidents
 * injected on a schedule, and a console that shows a live summary line and every incident
 * notification as Slack would show it.
 */
export async function startDemo(options: DemoOptions): Promise<RunningDemo> {
  const { vigil, clock, out } = options;
  const startMillis = clock.now();
  const schedule = scheduleIncidents(options.scenarios, startMillis + options.firstIncidentAfterMillis, options.gapMillis);
  const simulator = new FleetSimulator({
    seed: options.seed,
    requestsPerSecond: options.requestsPerSecond,
    metricIntervalMillis: 15_000,
    epochMillis: startMillis - options.backfillMillis,
    incidents: schedule,
  });
  const ingestUrl = vigil.urls.ingest;
  if (!ingestUrl) throw new Error('the demo needs ingest in this process');
  const emitter = new OtelFleetEmitter({ url: ingestUrl, apiKey: options.apiKey });
  const color = out.isTTY === true;
  const dashboardUrl = vigil.urls['dashboard-api'] ?? 'http://127.0.0.1:8080';
  let notifications = 0;
  let statusShown = false;
  const clearStatus = () => {
    if (statusShown && color) out.write('\r\x1b[K');
    statusShown = false;
  };
  const print = (text: string) => {
    clearStatus();
    out.write(`${text}\n`);
  };

  const observer = new PipelineObserver(vigil.runtime.bus, 'vigil-demo-console', {
    onIncident: (incident: Incident) => {
      if (incident.status === IncidentStatus.UPDATED) return; // Slack gets opened and resolved
      notifications++;
      print(`\n${renderIncidentCard(incident, observer.alerts, { color, dashboardUrl })}\n`);
    },
  });
  await observer.start();

  const rate = { spans: 0, points: 0, logs: 0, sinceMillis: Date.now() };
  const runner = new FleetRunner({
    simulator,
    sink: emitter,
    clock,
    tickMillis: options.speed === 1 ? 1_000 : 500,
    maxSliceMillis: Math.max(5_000, options.speed * 1_000),
    onExport: (counts, simMillis) => {
      options.onFleetPosition?.(simMillis);
      rate.spans += counts.spans;
      rate.points += counts.points;
      rate.logs += counts.logs;
    },
    onError: (error) => print(`demo: fleet export failed (${error.message}); dropping that slice`),
  });

  print(
    [
      `Demo: a simulated fleet of 13 services (seed ${options.seed}${options.speed === 1 ? '' : `, ${options.speed}× real time`}) sends OpenTelemetry to ${ingestUrl}.`,
      `  Incidents to come: ${schedule.map((s) => `${s.spec.name} at +${formatOffset(s.startMillis - startMillis)}`).join(', ')}${options.speed === 1 ? '' : ' (simulated)'}.`,
      `  Turn it off: vigil start --no-demo, or demo.enabled: false in the config file.`,
    ].join('\n'),
  );
  // History for forecasts first (gauges only), then live traffic from now on.
  runner.seek(startMillis - options.backfillMillis);
  await runner.runUntil(startMillis, true, 30 * 60_000);
  runner.seek(startMillis);
  runner.start(startMillis);

  const announced = new Set<string>();
  const summaryEveryTicks = color ? 2 : 30;
  let ticks = 0;
  const timer = setInterval(() => {
    const now = clock.now();
    for (const incident of schedule) {
      if (now >= incident.startMillis && !announced.has(incident.spec.name)) {
        announced.add(incident.spec.name);
        print(`demo: injecting ${incident.spec.name} — ${incident.spec.title} (ground truth: root cause ${incident.spec.rootCause.service} ${incident.spec.rootCause.metric})`);
      }
    }
    if (++ticks % summaryEveryTicks !== 0) return;
    const seconds = Math.max(0.001, (Date.now() - rate.sinceMillis) / 1000);
    const c = observer.counts;
    const line =
      `fleet ${Math.round(rate.spans / seconds)} spans/s, ${Math.round(rate.points / seconds)} points/s, ${(rate.logs / seconds).toFixed(1)} logs/s │ ` +
      `anomalies ${c.anomalies} │ alerts firing ${observer.firingAlerts().length} │ open incidents ${observer.openIncidents().length} │ notifications ${notifications} │ ` +
      `${new Date(now).toISOString().slice(11, 19)} UTC`;
    rate.spans = rate.points = rate.logs = 0;
    rate.sinceMillis = Date.now();
    if (color) {
      out.write(`\r\x1b[K${line}`);
      statusShown = true;
    } else out.write(`${line}\n`);
  }, 1_000);

  return {
    schedule,
    observer,
    runner,
    async stop() {
      clearInterval(timer);
      clearStatus();
      await runner.stop();
      await observer.stop();
      await emitter.shutdown();
    },
  };
}

function formatOffset(millis: number): string {
  if (millis < 120_000) return `${Math.round(millis / 1000)} s`;
  if (millis < 2 * 3_600_000) return `${Math.round(millis / 60_000)} min`;
  return `${(millis / 3_600_000).toFixed(1)} h`;
}
