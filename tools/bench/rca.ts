/**
 * `npm run bench:rca -- --cases DIR [--out FILE] [--json]`
 * `npm run bench:rca -- --fleet [--rps N] [--seed N] [--out FILE] [--json]`
 *
 * Ranks the root cause of every case of a data set in the neutral RCA layout
 * (../shared/data/README.md, `rca/`) with @vigil/insight's ranker, writes the rankings, and, when
 * the data set has a truth.json, prints AC@1, AC@3 and Avg@5. Truth is read only after ranking.
 * With `--fleet`, the cases are the demo fleet's injected incidents (@vigil/fleet), simulated
 * one by one, ranked with the symptom unknown, and scored against the fleet's ground truth.
 */
import { writeFileSync } from 'node:fs';
import { Command } from 'commander';
import { SingleBar, Presets } from 'cli-progress';
import { rankRootCauses, type RankedCause } from '@vigil/insight';
import { openDataSet, readCase, readTruth, type TruthEntry } from './rca/case-reader';
import { fleetCase, rankableIncidents } from './rca/fleet-cases';
import { rankOfTruth, summarize, type CaseScore } from './rca/scoring';

interface CliOptions {
  cases?: string;
  fleet?: boolean;
  rps: string;
  seed: string;
  out?: string;
  json?: boolean;
  verbose?: boolean;
}

const program = new Command()
  .name('bench:rca')
  .description(
    'Rank root causes for every case of a data set in the neutral RCA layout (graph.csv, normal/, cases/<id>/{case.json,metrics.csv,spans.csv,logs.csv}, truth.json) and score them when truth.json exists.',
  )
  .option('--cases <dir>', 'data set folder, e.g. ../shared/data/rca/petshop-high')
  .option('--fleet', "rank the demo fleet's injected incidents instead of a data set (simulated, ground truth from @vigil/fleet)")
  .option('--rps <n>', 'fleet mode: requests per second at the gateway at peak', '2')
  .option('--seed <n>', 'fleet mode: simulation seed', '7')
  .option('--out <file>', 'write {case_id: [{service, metric, score, evidence}]} to this file')
  .option('--json', 'print one JSON object with the figures on stdout')
  .option('--verbose', 'print the rank of the true cause per case')
  .parse();

interface Source {
  name: string;
  caseIds: string[];
  /** Everything the ranker may know about one case. */
  rank(caseId: string): RankedCause[];
  /** Read only after every case is ranked. */
  truth(): Record<string, TruthEntry> | null;
}

function dataSetSource(dir: string): Source {
  const dataSet = openDataSet(dir);
  return { name: dir, caseIds: dataSet.caseIds, rank: (id) => rankRootCauses(readCase(dataSet, id)), truth: () => readTruth(dir) };
}

function fleetSource(options: CliOptions): Source {
  const specs = rankableIncidents();
  const truth: Record<string, TruthEntry> = {};
  const fleet = { seed: Number(options.seed), requestsPerSecond: Number(options.rps) };
  return {
    name: `fleet (seed ${fleet.seed}, ${fleet.requestsPerSecond} req/s)`,
    caseIds: specs.map((s) => s.name),
    rank(id) {
      const c = fleetCase(specs.find((s) => s.name === id) as (typeof specs)[number], fleet);
      truth[id] = c.truth;
      return rankRootCauses(c.input);
    },
    truth: () => truth,
  };
}

function main(options: CliOptions): void {
  if (!options.cases === !options.fleet) program.error('give exactly one of --cases DIR or --fleet');
  const started = process.hrtime.bigint();
  const source = options.fleet ? fleetSource(options) : dataSetSource(options.cases as string);
  const dataSet = { caseIds: source.caseIds };
  const showProgress = process.stderr.isTTY && !options.json;
  const bar = showProgress ? new SingleBar({ clearOnComplete: true }, Presets.shades_classic) : null;
  bar?.start(dataSet.caseIds.length, 0);
  const rankings: Record<string, RankedCause[]> = {};
  for (const caseId of dataSet.caseIds) {
    rankings[caseId] = source.rank(caseId);
    bar?.increment();
  }
  bar?.stop();
  const elapsedMillis = Number(process.hrtime.bigint() - started) / 1e6;

  if (options.out) {
    const out = Object.fromEntries(
      Object.entries(rankings).map(([id, causes]) => [
        id,
        causes.map((c) => ({
          service: c.service,
          metric: c.indicator,
          score: c.score,
          evidence: c.evidence,
        })),
      ]),
    );
    writeFileSync(options.out, `${JSON.stringify(out, null, 2)}\n`);
  }

  const truth = source.truth();
  const scores: CaseScore[] = truth
    ? Object.entries(truth)
        .filter(([id]) => id in rankings)
        .map(([caseId, t]) => ({
          caseId,
          truthService: t.service,
          rank: rankOfTruth(
            rankings[caseId].map((c) => c.service),
            t.service,
          ),
        }))
    : [];
  const summary = truth ? summarize(scores) : null;

  if (options.json) {
    process.stdout.write(
      `${JSON.stringify({ dataSet: source.name, cases: dataSet.caseIds.length, elapsedMillis: Math.round(elapsedMillis), ...(summary ? { ac1: summary.ac1, ac3: summary.ac3, ac5: summary.ac5, avg5: summary.avg5, ranks: Object.fromEntries(scores.map((s) => [s.caseId, s.rank])) } : {}) })}\n`,
    );
    return;
  }
  console.log(`bench:rca  ${source.name}`);
  console.log(`  cases ranked   ${dataSet.caseIds.length} in ${Math.round(elapsedMillis)} ms`);
  if (options.out) console.log(`  rankings       ${options.out}`);
  if (!summary) {
    console.log('  no truth.json: rankings only');
    return;
  }
  if (options.verbose) {
    for (const s of scores) {
      const top = rankings[s.caseId][0];
      console.log(
        `  ${s.caseId.padEnd(16)} rank ${String(s.rank ?? '-').padStart(2)}  truth ${s.truthService}  top ${top?.service ?? '-'}`,
      );
    }
  }
  console.log(`  AC@1   ${summary.ac1.toFixed(3)}`);
  console.log(`  AC@3   ${summary.ac3.toFixed(3)}`);
  console.log(`  AC@5   ${summary.ac5.toFixed(3)}`);
  console.log(`  Avg@5  ${summary.avg5.toFixed(3)}`);
}

main(program.opts<CliOptions>());
