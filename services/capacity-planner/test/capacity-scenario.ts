import { Writable } from 'node:stream';
import type { BusConsumer, MessageBatch } from '@vigil/bus';
import { CapacityAction, MetricType, TOPICS, createPayload, decodePayload, seriesFingerprintHex, type Alert, type Forecast } from '@vigil/contracts';
import { createLogger } from '@vigil/observability';
import type { Runtime } from '@vigil/runtime';
import { MetricsRepository, retentionPolicy } from '@vigil/store';
import { waitFor } from '@vigil/testing';

// The shared scenario of the capacity-planner integration suites (embedded and Kafka): disks
// whose hourly usage is written to the store, a simulated clock, and a collector of what the
// planner publishes.

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const LIMIT_BYTES = 100e9;
/** Today 00:00 UTC: recent enough that no retention TTL drops the seeded history. */
export const T_END = Math.floor(Date.now() / DAY) * DAY;
export const T_START = T_END - 14 * DAY;

export interface Disk {
  readonly mountpoint: string;
  /** Utilisation at T_START and its growth per day (0.01 = one percentage point). */
  readonly start: number;
  readonly perDay: number;
}

/** The disk under test: 70 % growing 1 % a day crosses the 90 % critical threshold 20 days in. */
export const GROWING: Disk = { mountpoint: '/data', start: 0.7, perDay: 0.01 };
export const CRITICAL_TRUTH_MILLIS = T_START + ((0.9 - GROWING.start) / GROWING.perDay) * DAY;

/** Seven more disks, flat or slowly growing, so two replicas have something to split. */
export const OTHER_DISKS: Disk[] = Array.from({ length: 7 }, (_, i) => ({ mountpoint: `/srv/${i}`, start: 0.3 + 0.05 * i, perDay: i % 2 === 0 ? 0 : 0.002 }));

export const quiet = () => createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });

export function diskLabels(disk: Disk) {
  return [
    { name: 'device', value: `dev${disk.mountpoint.replace(/\//g, '_')}` },
    { name: 'mountpoint', value: disk.mountpoint },
  ];
}

export function usageFingerprintHex(disk: Disk): string {
  return seriesFingerprintHex('system.filesystem.usage', diskLabels(disk));
}

const utilisation = (disk: Disk, timeMillis: number) => disk.start + (disk.perDay * (timeMillis - T_START)) / DAY;

/**
 * Writes the hourly usage and limit of `disks` at [fromMillis, toMillis) with the store's own
 * MetricsRepository (the rollup views fill metric_rollup_1m/1h as ingest's writer would), one
 * MetricBatch per series as a producer packs them, and waits until every sample is readable.
 */
export async function seedHours(runtime: Runtime, tenant: string, disks: readonly Disk[], fromMillis: number, toMillis: number): Promise<void> {
  const times: number[] = [];
  for (let t = fromMillis; t < toMillis; t += HOUR) times.push(t);
  const before = await sampleCount(runtime, tenant);
  const repository = new MetricsRepository(runtime.store, retentionPolicy());
  for (const disk of disks) {
    const labels = diskLabels(disk);
    const series = (name: string, values: number[]) => ({
      fingerprint: BigInt(`0x${seriesFingerprintHex(name, labels)}`),
      tenant,
      name,
      labels,
      type: MetricType.GAUGE,
      unit: 'By',
      sampleTimesUnixMs: times,
      sampleValues: values,
    });
    const batch = createPayload(TOPICS.metrics, {
      series: [series('system.filesystem.usage', times.map((t) => utilisation(disk, t) * LIMIT_BYTES)), series('system.filesystem.limit', times.map(() => LIMIT_BYTES))],
    });
    await repository.insertMetricBatch(batch);
  }
  const expected = before + times.length * disks.length * 2;
  await waitFor(async () => (await sampleCount(runtime, tenant)) >= expected || undefined, { timeoutMillis: 30_000, what: `${expected} samples stored` });
}

async function sampleCount(runtime: Runtime, tenant: string): Promise<number> {
  const result = await runtime.store.query<{ n: string }>('SELECT count() AS n FROM metric_samples WHERE tenant = {tenant:String}', { tenant });
  return Number(result.rows[0].n);
}

/** What the planner published for one tenant, collected by a consumer group of the test's own. */
export class Published {
  readonly forecasts: Forecast[] = [];
  readonly alerts: Alert[] = [];
  private consumer?: BusConsumer;

  constructor(private readonly tenant: string) {}

  async start(runtime: Runtime, groupId: string): Promise<void> {
    this.consumer = runtime.bus.consumer({
      groupId,
      handlers: [
        {
          topic: TOPICS.forecasts,
          decode: (b) => decodePayload(TOPICS.forecasts, b),
          handle: async (batch: MessageBatch<Forecast>) => void this.forecasts.push(...batch.messages.map((m) => m.value).filter((f) => f.tenant === this.tenant)),
        },
        {
          topic: TOPICS.alerts,
          decode: (b) => decodePayload(TOPICS.alerts, b),
          handle: async (batch: MessageBatch<Alert>) => void this.alerts.push(...batch.messages.map((m) => m.value).filter((a) => a.tenant === this.tenant)),
        },
      ],
    });
    await this.consumer.start();
  }

  async stop(): Promise<void> {
    await this.consumer?.stop();
  }
}

export const label = (labels: readonly { name: string; value: string }[], name: string) => labels.find((l) => l.name === name)?.value;

/** The planner's per-series state: the last cycle that finished handling it. */
export async function seriesCycle(runtime: Runtime, tenant: string, fingerprintHex: string): Promise<number> {
  const bytes = await runtime.state.get(`capacity-planner/series/${tenant}/${fingerprintHex}`);
  if (!bytes) return -1;
  return (JSON.parse(new TextDecoder().decode(bytes)) as { completedCycle: number }).completedCycle;
}

/** Moves the simulated clock to `atMillis` and waits until every disk was handled in that cycle. */
export async function runCycleAt(
  runtime: Runtime,
  clock: { set(millis: number): void },
  tenant: string,
  disks: readonly Disk[],
  atMillis: number,
  intervalMillis = 300_000,
): Promise<number> {
  clock.set(atMillis);
  const cycle = Math.floor(atMillis / intervalMillis);
  await waitFor(
    async () => {
      for (const disk of disks) if ((await seriesCycle(runtime, tenant, usageFingerprintHex(disk))) < cycle) return undefined;
      return true;
    },
    { timeoutMillis: 45_000, what: `cycle ${cycle} over ${disks.length} disks` },
  );
  return cycle;
}

export { CapacityAction };
