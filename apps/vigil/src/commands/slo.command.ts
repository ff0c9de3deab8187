import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { openStore } from '@vigil/runtime';
import { formatIssue, parseSloFiles, prometheusRules, type SloConfigIssue } from '@vigil/slo';
import { readSloFolder, SloStatusRepository } from '@vigil/slo-monitor';
import { formatTable } from './format-table';
import { configFor } from './load-config';

const percent = (value: number | null | undefined, digits = 3) =>
  value === null || value === undefined || !Number.isFinite(value) ? '—' : `${(value * 100).toFixed(digits)} %`;

export function registerSlo(program: Command): void {
  const slo = program.command('slo').description('Service level objectives: export as Prometheus rules, show status');

  slo
    .command('rules')
    .description('Print the Prometheus recording and alerting rules equivalent to an SLO folder (what Vigil evaluates)')
    .argument('[folder]', 'folder of OpenSLO / vigil/v1 YAML files', './deploy/slo')
    .option('-o, --out <file>', 'write the rules to a file instead of stdout')
    .option('--interval <seconds>', 'evaluation interval of the rule groups', '60')
    .addHelpText('after', '\nCheck them with Prometheus itself:\n  vigil slo rules deploy/slo -o slo-rules.yml && promtool check rules slo-rules.yml')
    .action(async (folder: string, options: { out?: string; interval: string }) => {
      const { filesByTenant } = await readSloFolder(folder);
      const issues: SloConfigIssue[] = [];
      const definitions = [];
      for (const files of filesByTenant.values()) {
        const parsed = parseSloFiles(files);
        issues.push(...parsed.issues);
        definitions.push(...parsed.definitions);
      }
      if (issues.length > 0) throw new Error(`the SLO folder has problems:\n  ${issues.map(formatIssue).join('\n  ')}`);
      if (definitions.length === 0) throw new Error(`no SLO found under ${folder}`);
      const yaml = prometheusRules(definitions, { evaluationIntervalMillis: Number(options.interval) * 1000 });
      if (options.out) await writeFile(options.out, yaml);
      else process.stdout.write(yaml);
    });

  slo
    .command('status')
    .description("Each SLO's compliance, budget left and burn rates, as slo-monitor last evaluated them")
    .option('-t, --tenant <tenant>', 'only this tenant')
    .option('-d, --data-dir <dir>', 'data folder of the embedded store (default ./data)')
    .option('--json', 'print JSON')
    .action(async (options: { tenant?: string; dataDir?: string; json?: boolean }, command: Command) => {
      const config = configFor(command, options.dataDir ? { dataDir: options.dataDir } : {});
      const store = openStore(config);
      try {
        const rows = await new SloStatusRepository(store).latest(options.tenant);
        if (options.json) {
          process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
          return;
        }
        if (rows.length === 0) {
          process.stdout.write('No SLO status yet: is slo-monitor running with SLOs in its folder (default ./deploy/slo)?\n');
          return;
        }
        const table = rows.map((row) => ({
          tenant: row.tenant,
          slo: row.slo,
          service: row.service,
          target: `${(Number(row.target) * 100).toString()} %`,
          compliance: row.no_data ? 'no data' : percent(row.compliance),
          'budget left': percent(row.budget_remaining, 1),
          'burn 1h / 6h / 3d': ['1h', '6h', '3d'].map((w) => (row.burn_rates[w] === undefined ? '—' : row.burn_rates[w].toFixed(2))).join(' / '),
          firing: row.firing.join(', ') || '—',
          at: row.time,
        }));
        process.stdout.write(formatTable(Object.keys(table[0]), table));
      } finally {
        await store.close();
      }
    });
}
