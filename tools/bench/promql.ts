import { Command } from 'commander';
import { SingleBar } from 'cli-progress';
import { engineAddress } from '@vigil/testing';
import { runDifferential } from '../promql/differential';

const program = new Command()
  .name('bench:promql')
  .description(
    "Differential PromQL: generated series (counters with resets, gauges, gaps, a series that stops, classic histograms) are remote-written to Debian's Prometheus and to Vigil; every corpus query runs against both HTTP APIs. Prints identical / unsupported / different counts and Vigil's latency.",
  )
  .option('--json', 'print {queries, identical, unsupported, different, p50_ms, p99_ms} on stdout')
  .option('--show-different', 'list every query whose answers differ')
  .action(async (options: { json?: boolean; showDifferent?: boolean }) => {
    const binary = engineAddress('prometheus');
    if (!binary) throw new Error('needs the prometheus binary on PATH (apt-get install prometheus)');
    const bar = !options.json && process.stderr.isTTY ? new SingleBar({ format: 'queries {bar} {value}/{total}' }) : undefined;
    const report = await runDifferential(binary, (done, total) => {
      if (bar && done === 1) bar.start(total, 0);
      bar?.update(done);
    });
    bar?.stop();
    if (options.json) {
      console.log(JSON.stringify({ queries: report.queries, identical: report.identical, unsupported: report.unsupported, different: report.different.length, identical_from_rollups: report.identicalFromRollups, p50_ms: report.p50_ms, p99_ms: report.p99_ms, range_1h_100_series_p50_ms: report.range_1h_100_series_p50_ms, range_1h_100_series_p99_ms: report.range_1h_100_series_p99_ms, range_1h_100_series_prepare_p50_ms: report.range_1h_100_series_prepare_p50_ms, range_1h_100_series_eval_p50_ms: report.range_1h_100_series_eval_p50_ms, range_1h_100_series_cpu_ms: report.range_1h_100_series_cpu_ms }));
      return;
    }
    console.log(`${report.queries} queries: ${report.identical} identical (${report.identicalFromRollups} of them from rollups), ${report.unsupported} unsupported, ${report.different.length} different`);
    console.log(`Vigil latency over the corpus: p50 ${report.p50_ms} ms, p99 ${report.p99_ms} ms (2 shared cores)`);
    console.log(`1 h range at 15 s steps over 100 series: p50 ${report.range_1h_100_series_p50_ms} ms, p99 ${report.range_1h_100_series_p99_ms} ms (target p99 < 200 ms)`);
    console.log(`  median stages: reading samples ${report.range_1h_100_series_prepare_p50_ms} ms, evaluating ${report.range_1h_100_series_eval_p50_ms} ms; CPU ${report.range_1h_100_series_cpu_ms} ms per query`);
    for (const outcome of report.outcomes.filter((o) => o.verdict === 'unsupported')) console.log(`unsupported: ${outcome.query} — ${outcome.detail}`);
    if (options.showDifferent || report.different.length <= 20) for (const d of report.different) console.log(`DIFFERENT [${d.kind}] ${d.query}\n    ${d.detail}`);
  });

void program.parseAsync();
