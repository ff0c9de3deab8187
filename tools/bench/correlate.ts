/**
 * Incident-correlation benchmark: generated cascading failures over a service graph with
 * known ground truth (./correlate/cascades.ts) go through @vigil/correlate's
 * IncidentCorrelator in time order; we report pairwise precision and recall of "same
 * incident" (target ≥ 0.95 both) over several seeds.
 *
 *   npm run bench:correlate -- [--json] [--seeds 20] [--services 80] [--cascades 60] [--noise 120]
 */
import { Command } from 'commander';
import type { IncidentEvent } from '@vigil/correlate';
import { IncidentCorrelator, ServiceGraph, fingerprint, labelSetString } from '@vigil/correlate';
import type { GeneratorOptions } from './correlate/cascades';
import { DEFAULT_GENERATOR, generateWorld } from './correlate/cascades';
import { pairwiseScores } from './correlate/pairwise';

const MIN = 60_000;

interface RunResult {
  seed: number;
  alerts: number;
  cascades: number;
  incidents: number;
  precision: number;
  recall: number;
  f1: number;
  millis: number;
}

function runOnce(options: GeneratorOptions): RunResult {
  const world = generateWorld(options);
  const started = performance.now();
  const correlator = new IncidentCorrelator(new ServiceGraph(world.edges));
  type Ev = { at: number; i: number; status: 'firing' | 'resolved' };
  const events: Ev[] = world.alerts.flatMap((a, i) => [
    { at: a.startsAtMillis, i, status: 'firing' as const },
    { at: a.endsAtMillis, i, status: 'resolved' as const },
  ]);
  events.sort((a, b) => a.at - b.at || (a.status === b.status ? a.i - b.i : a.status === 'resolved' ? -1 : 1));
  const memberOf = new Map<string, string>();
  const mergedInto = new Map<string, string>();
  const incidentIds = new Set<string>();
  const record = (evs: IncidentEvent[]): void => {
    for (const e of evs) {
      if (e.mergedInto) mergedInto.set(e.incident.id, e.mergedInto);
      else incidentIds.add(e.incident.id);
      if (e.type === 'resolved') continue;
      for (const m of e.incident.members) memberOf.set(`${m.fingerprint}@${m.startsAtMillis}`, e.incident.id);
    }
  };
  let nextAdvance = events.length ? events[0].at : 0;
  for (const ev of events) {
    while (nextAdvance <= ev.at) {
      record(correlator.advance(nextAdvance));
      nextAdvance += MIN;
    }
    const a = world.alerts[ev.i];
    const groupKey = `{}:${labelSetString({ alertname: a.labels.alertname, service: a.labels.service })}`;
    record(correlator.observe({ fingerprint: fingerprint(a.labels), labels: a.labels, status: ev.status, startsAtMillis: a.startsAtMillis, groupKey }, ev.at));
  }
  const resolve = (id: string): string => {
    let cur = id;
    while (mergedInto.has(cur)) cur = mergedInto.get(cur)!;
    return cur;
  };
  const predicted = world.alerts.map((a) => resolve(memberOf.get(`${fingerprint(a.labels)}@${a.startsAtMillis}`) ?? 'missing'));
  const truth = world.alerts.map((a) => a.truth);
  const scores = pairwiseScores(predicted, truth);
  return {
    seed: options.seed, alerts: world.alerts.length, cascades: options.cascades,
    incidents: new Set(predicted).size, ...scores, millis: performance.now() - started,
  };
}

function main(): void {
  const program = new Command()
    .name('bench:correlate')
    .description('Pairwise precision/recall of incident correlation on generated cascading failures with known ground truth.')
    .option('--json', 'print one JSON object on stdout')
    .option('--seeds <n>', 'number of generated worlds (seeds 1..n)', '20')
    .option('--services <n>', 'services in the graph', String(DEFAULT_GENERATOR.services))
    .option('--cascades <n>', 'cascading failures per world (over 24 h)', String(DEFAULT_GENERATOR.cascades))
    .option('--noise <n>', 'bursts of unrelated alerts (1-6 alerts on one service) per world', String(DEFAULT_GENERATOR.noiseAlerts))
    .parse();
  const o = program.opts<{ json?: boolean; seeds: string; services: string; cascades: string; noise: string }>();
  const runs: RunResult[] = [];
  for (let seed = 1; seed <= Number(o.seeds); seed++) {
    runs.push(runOnce({ ...DEFAULT_GENERATOR, seed, services: Number(o.services), cascades: Number(o.cascades), noiseAlerts: Number(o.noise) }));
  }
  const mean = (k: 'precision' | 'recall' | 'f1'): number => runs.reduce((s, r) => s + r[k], 0) / runs.length;
  const summary = {
    precision: mean('precision'), recall: mean('recall'), f1: mean('f1'),
    minPrecision: Math.min(...runs.map((r) => r.precision)), minRecall: Math.min(...runs.map((r) => r.recall)),
    alerts: runs.reduce((s, r) => s + r.alerts, 0), target: 0.95,
  };
  if (o.json) {
    process.stdout.write(JSON.stringify({ ...summary, runs }) + '\n');
    return;
  }
  for (const r of runs) {
    console.log(`seed ${r.seed}: ${r.alerts} alerts, ${r.cascades} cascades + noise → ${r.incidents} incidents; precision ${r.precision.toFixed(3)} recall ${r.recall.toFixed(3)} (${r.millis.toFixed(0)} ms)`);
  }
  console.log(`mean precision ${summary.precision.toFixed(3)} (min ${summary.minPrecision.toFixed(3)}), mean recall ${summary.recall.toFixed(3)} (min ${summary.minRecall.toFixed(3)}), target ≥ 0.95`);
}

main();
