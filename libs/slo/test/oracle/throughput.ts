/**
 * How fast one engine evaluates many SLOs. Builds `sloCount` workbook SLOs (two request
 * counters each), gives each a sparse 30-day history (every 12 h, then every minute for the
 * last 10 min; a tick walks every bucket of every window whether it holds data or not, so the
 * fill does not change its cost), then times evaluation ticks one minute apart, each after one
 * fresh sample per series.
 */
import { parseSelector, SloEngine } from '../../src';
import type { SloDefinition } from '../../src';
import { scenarioDefinitions } from './run-vigil';

export interface ThroughputResult {
  readonly sloCount: number;
  readonly ticks: number;
  /** Mean wall time of one evaluate() over all SLOs. */
  readonly millisPerTick: number;
  /** Mean CPU time (user + system) of one evaluate(): the figure that holds on a shared machine. */
  readonly cpuMillisPerTick: number;
  /** SLO evaluations (each: every window of its four alerts) per CPU second. */
  readonly evalsPerSecond: number;
  readonly samplesPerSecond: number;
  /** JS heap + typed-array memory held per SLO (series state included), after history is loaded. */
  readonly bytesPerSlo: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function definitionsFor(sloCount: number): SloDefinition[] {
  const [template] = scenarioDefinitions({
    name: 'template',
    description: '',
    sloYaml: [
      'apiVersion: vigil/v1',
      'kind: SLO',
      'metadata: { name: template }',
      'spec:',
      '  service: template',
      '  objective: 99.9',
      '  errors: requests_total{service="x",code=~"5.."}',
      '  total: requests_total{service="x"}',
    ].join('\n'),
    stepMillis: MINUTE,
    steps: 0,
    series: [],
  });
  return Array.from({ length: sloCount }, (_, index) => ({
    ...template,
    name: `slo-${index}`,
    service: `svc-${index}`,
    indicator: {
      numerator: 'bad',
      numeratorSelector: parseSelector(`requests_total{service="svc-${index}",code=~"5.."}`),
      totalSelector: parseSelector(`requests_total{service="svc-${index}"}`),
    },
  }));
}

function historyTimes(nowMillis: number): number[] {
  const times: number[] = [];
  for (let t = nowMillis - 30 * DAY; t < nowMillis - 10 * MINUTE; t += 12 * HOUR) times.push(t);
  for (let t = nowMillis - 10 * MINUTE; t <= nowMillis; t += MINUTE) times.push(t);
  return times;
}

export function measureThroughput(
  sloCount: number,
  ticks: number,
  onProgress?: (done: number, total: number) => void,
): ThroughputResult {
  const definitions = definitionsFor(sloCount);
  const memoryBefore = process.memoryUsage();
  const engine = new SloEngine(definitions);
  const nowMillis = 1_700_000_000_000 - (1_700_000_000_000 % MINUTE);
  const labels = definitions.map((_, index) => [
    { service: `svc-${index}`, code: '200' },
    { service: `svc-${index}`, code: '500' },
  ]);
  const keys = labels.map(([good, bad]) => [`g${good.service}`, `b${bad.service}`]);
  const times = historyTimes(nowMillis);
  let sampleCount = 0;
  const ingestAt = (t: number, value: number): void => {
    for (let index = 0; index < sloCount; index += 1) {
      engine.ingest({
        metric: 'requests_total',
        labels: labels[index][0],
        timestampMillis: t,
        value: value * 999,
        seriesKey: keys[index][0],
      });
      engine.ingest({
        metric: 'requests_total',
        labels: labels[index][1],
        timestampMillis: t,
        value,
        seriesKey: keys[index][1],
      });
    }
    sampleCount += 2 * sloCount;
  };
  let ingestNanos = 0n;
  times.forEach((t, i) => {
    const started = process.hrtime.bigint();
    ingestAt(t, i + 1);
    ingestNanos += process.hrtime.bigint() - started;
    onProgress?.(i + 1, times.length + ticks);
  });
  engine.evaluate(nowMillis);
  const memoryAfter = process.memoryUsage();
  let evaluateNanos = 0n;
  let evaluateCpuMicros = 0;
  for (let tick = 1; tick <= ticks; tick += 1) {
    const t = nowMillis + tick * MINUTE;
    ingestAt(t, times.length + tick);
    const cpu = process.cpuUsage();
    const started = process.hrtime.bigint();
    engine.evaluate(t);
    evaluateNanos += process.hrtime.bigint() - started;
    const used = process.cpuUsage(cpu);
    evaluateCpuMicros += used.user + used.system;
    onProgress?.(times.length + tick, times.length + ticks);
  }
  const millisPerTick = Number(evaluateNanos) / 1e6 / ticks;
  const cpuMillisPerTick = evaluateCpuMicros / 1000 / ticks;
  return {
    sloCount,
    ticks,
    millisPerTick,
    cpuMillisPerTick,
    evalsPerSecond: sloCount / (cpuMillisPerTick / 1000),
    samplesPerSecond: sampleCount / (Number(ingestNanos) / 1e9),
    bytesPerSlo: Math.round(
      (memoryAfter.heapUsed + memoryAfter.arrayBuffers - memoryBefore.heapUsed - memoryBefore.arrayBuffers) /
        sloCount,
    ),
  };
}
