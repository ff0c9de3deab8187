import type { Effects } from './incidents';
import type { Random } from './random';
import type { Attributes, SimPoint } from './telemetry';
import type { ServiceSpec } from './topology';

/**
 * Resource gauges per service at one sample time, named as OpenTelemetry's semantic
 * conventions name them, so the capacity planner's default resources (libs/forecast
 * DEFAULT_RESOURCES) find them without configuration: CPU utilisation, memory usage and limit,
 * filesystem usage and limit (databases), connection-pool use and size, queue depth, and a
 * synthetic check's success.
 */
export interface ResourceSample {
  readonly spec: ServiceSpec;
  readonly version: string;
  readonly timeMillis: number;
  /** Traffic as a fraction of peak, incidents included. */
  readonly load: number;
  readonly effects: Effects;
  /** Milliseconds since the fleet's epoch: slow growths (disk) accumulate from there. */
  readonly sinceEpochMillis: number;
}

const DAY_MILLIS = 86_400_000;

export function resourcePoints(sample: ResourceSample, rng: Random): SimPoint[] {
  const { spec, version, timeMillis, load, effects } = sample;
  const r = spec.resources;
  const slow = effects.latencyFactor.get(spec.name) ?? 1;
  const points: SimPoint[] = [];
  const point = (name: string, unit: string, description: string, value: number, attributes: Attributes = {}) =>
    points.push({ service: spec.name, version, name, unit, description, timeMillis, value, attributes });

  // Busy time grows with traffic and with slower work per request.
  const cpu = r.cpuIdle + (r.cpuPeak - r.cpuIdle) * Math.min(1.6, load) * (1 + 0.15 * (slow - 1)) + 0.015 * rng.normal();
  point('system.cpu.utilization', '1', 'CPU busy fraction across replicas', clamp(cpu, 0.005, 0.99));

  const wave = 0.02 * Math.sin((2 * Math.PI * (timeMillis % DAY_MILLIS)) / DAY_MILLIS);
  const memory = r.memoryLimitBytes * (r.memoryBaseFraction * (1 + wave + 0.05 * load) + 0.004 * rng.normal()) + (effects.memoryExtraBytes.get(spec.name) ?? 0);
  point('system.memory.usage', 'By', 'Resident memory in use', Math.round(clamp(memory, 0, r.memoryLimitBytes)), { 'system.memory.state': 'used' });
  point('system.memory.limit', 'By', 'Memory limit', r.memoryLimitBytes);

  if (r.disk) {
    const grown = r.disk.limitBytes * r.disk.baseFraction + (r.disk.growthBytesPerDay * sample.sinceEpochMillis) / DAY_MILLIS;
    const used = grown + (effects.diskExtraBytes.get(spec.name) ?? 0) + 2e7 * rng.normal();
    const mount = { 'system.device': '/dev/nvme1n1', 'system.filesystem.mountpoint': '/var/lib/postgresql' };
    point('system.filesystem.usage', 'By', 'Filesystem space used', Math.round(clamp(used, 0, r.disk.limitBytes)), { ...mount, 'system.filesystem.state': 'used' });
    point('system.filesystem.limit', 'By', 'Filesystem size', r.disk.limitBytes, mount);
  }

  if (r.connections) {
    const pool = { 'db.client.connection.pool.name': `${spec.name}-postgres` };
    const inUse = r.connections.max * (0.08 + 0.45 * load * slow) + rng.normal();
    point('db.client.connection.count', '{connection}', 'Connections in use', Math.round(clamp(inUse, 1, r.connections.max)), { ...pool, 'db.client.connection.state': 'used' });
    point('db.client.connection.max', '{connection}', 'Pool size', r.connections.max, pool);
  }

  if (spec.name === 'order-worker') {
    const depth = Math.max(0, 3 + 40 * load * slow + 4 * rng.normal());
    point('messaging.queue.depth', '{message}', 'Orders waiting to be processed', Math.round(depth), { 'messaging.destination.name': 'orders' });
  }
  if (spec.name === 'notifier') {
    const failing = effects.failingChecks.has('notifier-smtp');
    point('synthetic.check.success', '1', 'Synthetic SMTP round trip succeeded (1) or not (0)', failing ? 0 : 1, { check: 'notifier-smtp' });
  }
  return points;
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}
