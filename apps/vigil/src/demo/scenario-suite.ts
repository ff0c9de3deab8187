import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig, SERVICE_NAMES } from '@vigil/config';
import { FleetRunner, FleetSimulator, OtelFleetEmitter, PacedClock, groundTruthOf, scheduleIncidents, type FleetTotals, type GroundTruth, type IncidentSpec } from '@vigil/fleet';
import { createLogger } from '@vigil/observability';
import { startVigil } from '../run/start-vigil';
import { demoOverrides, newDemoApiKey } from './demo-config';
import { PipelineObserver, type PipelineCounts } from './pipeline-observer';
import { judgeScenario, type ScenarioVerdict } from './scenario-verdict';
import { WebhookReceiver } from './webhook-receiver';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

export interface SuiteOptions {
  readonly scenarios: readonly IncidentSpec[];
  /** Simulated seconds per real second for the whole pipeline. */
  readonly speed: number;
  readonly seed: number;
  readonly requestsPerSecond: number;
  readonly warmupMillis: number;
  readonly gapMillis: number;
  /** How long after a fault ends its incident may still open and count. */
  readonly graceMillis: number;
  /** Simulated start (fixes the point on the diurnal curve). */
  readonly startMillis: number;
  /** Told the simulated progress in [0, 1]. */
  readonly onProgress?: (fraction: number) => void;
}

export interface SuiteResult {
  readonly verdicts: ScenarioVerdict[];
  readonly truths: GroundTruth[];
  readonly totals: {
    readonly recall: number;
    readonly notificationsPerIncident: number | null;
    readonly falseIncidents: number;
    readonly falseIncidentsPerSimulatedDay: number;
    readonly simulatedMillis: number;
    readonly realMillis: number;
    /** Largest distance the fleet fell behind the clock (the pipeline or machine could not keep up). */
    readonly maxFleetLagMillis: number;
  };
  readonly fleet: FleetTotals;
  readonly pipeline: PipelineCounts;
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

/** The Alertmanager config of a run: every alert grouped per alertname+service and sent to the local webhook. */
function alertmanagerYaml(webhookUrl: string): string {
  return `route:
  receiver: bench
  group_by: ['alertname', 'service']
  group_wait: 30s
  group_interval: 5m
  repeat_interval: 4h
receivers:
  - name: bench
    webhook_configs:
      - url: '${webhookUrl}'
        send_resolved: true
`;
}

/**
 * Runs injected incidents one after another through all seven services, embedded (MemoryBus,
 * chDB, memory state) on a sped-up clock shared by the fleet and the pipeline, and judges each
 * against its ground truth. A fresh data folder per run; nothing is left behind.
 */
export async function runScenarioSuite(options: SuiteOptions): Promise<SuiteResult> {
  const realStart = Date.now();
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-scenarios-'));
  // Paced by the fleet: simulated time waits for the fleet's telemetry (decision 122).
  let fleetPosition = options.startMillis;
  const clock = new PacedClock(options.startMillis, options.speed, () => fleetPosition, 2 * MINUTE);
  const webhook = new WebhookReceiver(clock);
  const webhookUrl = await webhook.start();
  const slosDir = join(dataDir, 'slo');
  mkdirSync(slosDir);
  copyFileSync(resolve(__dirname, '../../../../deploy/slo/fleet-checkout-orders.yaml'), join(slosDir, 'fleet-checkout-orders.yaml'));
  const amFile = join(dataDir, 'alertmanager.yml');
  writeFileSync(amFile, alertmanagerYaml(webhookUrl));

  const apiKey = newDemoApiKey();
  const [ingest, api, am, ops] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  const base = loadConfig({ overrides: { dataDir } });
  const overrides = demoOverrides(base, apiKey, options.speed) as { services: Record<string, Record<string, unknown>> };
  const config = loadConfig({
    overrides: {
      ...overrides,
      dataDir,
      logLevel: 'silent',
      listen: { ingest: { port: ingest }, dashboardApi: { port: api }, alertmanagerApi: { port: am }, ops: { port: ops } },
      services: {
        ...overrides.services,
        'slo-monitor': { ...overrides.services['slo-monitor'], slosDir, replicaId: 'bench', reloadIntervalMillis: 0 },
        'alert-correlator': { ...overrides.services['alert-correlator'], configFile: amFile, replicaId: 'bench', reloadIntervalMillis: 0 },
      },
    },
  });
  const logger = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });
  const vigil = await startVigil({ config, services: [...SERVICE_NAMES], clock, logger });
  const observer = new PipelineObserver(vigil.runtime.bus, 'bench-scenarios');
  await observer.start();

  const simStart = clock.now();
  const schedule = scheduleIncidents(options.scenarios, simStart + options.warmupMillis, options.gapMillis);
  const simEnd = schedule[schedule.length - 1].endMillis + options.graceMillis;
  const backfillMillis = 2 * 60 * MINUTE;
  const simulator = new FleetSimulator({ seed: options.seed, requestsPerSecond: options.requestsPerSecond, metricIntervalMillis: 15_000, epochMillis: simStart - backfillMillis, incidents: schedule });
  const emitter = new OtelFleetEmitter({ url: vigil.urls.ingest as string, apiKey });
  const runner = new FleetRunner({ simulator, sink: emitter, clock, tickMillis: 250, maxSliceMillis: 2 * MINUTE, onExport: (_counts, simMillis) => (fleetPosition = simMillis) });
  let maxLagMillis = 0;
  try {
    runner.seek(simStart - backfillMillis);
    await runner.runUntil(simStart, true, 30 * MINUTE);
    runner.start(simStart);
    // Until the fleet itself (not just the clock) has reached the end: on a busy machine the
    // sink is slower than the clock, and a fault's telemetry must not be cut off.
    while (runner.positionMillis < simEnd) {
      maxLagMillis = Math.max(maxLagMillis, clock.now() - runner.positionMillis);
      options.onProgress?.(Math.min(1, (runner.positionMillis - simStart) / (simEnd - simStart)));
      await new Promise((done) => setTimeout(done, 500));
    }
    // Let the pipeline finish what the last slices started (group waits, evaluation ticks).
    const settleUntil = clock.now() + 5 * MINUTE;
    while (clock.now() < settleUntil) await new Promise((done) => setTimeout(done, 250));
    options.onProgress?.(1);
    await runner.stop();
  } finally {
    await runner.stop();
    await emitter.shutdown();
    await observer.stop();
    await vigil.stop();
    await webhook.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }

  const truths = schedule.map(groundTruthOf);
  const run = { alerts: [...observer.alerts.values()], incidents: [...observer.incidents.values()], notifications: webhook.received };
  const verdicts = truths.map((truth) => judgeScenario(truth, run, options.graceMillis));
  const windows = truths.map((t) => [t.startMillis, t.endMillis + options.graceMillis] as const);
  const falseIncidents = [...observer.incidents.values()].filter((i) => !windows.some(([from, to]) => i.openedAtUnixMs >= from && i.openedAtUnixMs < to)).length;
  const real = verdicts.filter((v) => !v.expectedNoIncident);
  const opened = verdicts.reduce((sum, v) => sum + v.incidentsOpened, 0);
  const notified = verdicts.reduce((sum, v) => sum + v.notifications, 0);
  const simulatedMillis = simEnd - simStart;
  return {
    verdicts,
    truths,
    totals: {
      recall: real.length === 0 ? 0 : real.filter((v) => v.detected).length / real.length,
      notificationsPerIncident: opened === 0 ? null : notified / opened,
      falseIncidents,
      falseIncidentsPerSimulatedDay: (falseIncidents * DAY) / simulatedMillis,
      simulatedMillis,
      realMillis: Date.now() - realStart,
      maxFleetLagMillis: maxLagMillis,
    },
    fleet: runner.totals,
    pipeline: observer.counts,
  };
}
