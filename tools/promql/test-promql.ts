import { Command } from 'commander';
import { PromqlScriptRunner, scriptFiles } from './script-runner';

const program = new Command()
  .name('test:promql')
  .description("Runs Prometheus PromQL test scripts (load / eval instant / eval range / eval_fail / eval_ordered / clear) against Vigil's /prometheus API, in an embedded Vigil (chDB).")
  .argument('[paths...]', '.test files or folders of them', ['libs/promql/testdata'])
  .option('--json', 'print one JSON object with the counts and failures')
  .action(async (paths: string[], options: { json?: boolean }) => {
    const runner = new PromqlScriptRunner();
    await runner.start();
    let evaluations = 0;
    const failures: string[] = [];
    try {
      for (const file of scriptFiles(paths)) {
        const outcome = await runner.runFile(file);
        evaluations += outcome.evaluations;
        failures.push(...outcome.failures);
        if (!options.json) console.log(`${outcome.failures.length === 0 ? 'ok  ' : 'FAIL'} ${file} (${outcome.evaluations} evaluations, ${outcome.failures.length} failed)`);
      }
    } finally {
      await runner.stop();
    }
    if (options.json) console.log(JSON.stringify({ evaluations, failed: failures.length, failures }));
    else {
      for (const failure of failures) console.log(failure);
      console.log(`${evaluations - failures.length}/${evaluations} evaluations passed`);
    }
    process.exitCode = failures.length === 0 ? 0 : 1;
  });

void program.parseAsync();
