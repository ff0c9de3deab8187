import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseExpr } from '@vigil/promql';

// Every PromQL target of the provisioned dashboards must be a query Vigil evaluates.
describe('provisioned Grafana dashboards', () => {
  const folder = join(__dirname, '..', '..', 'deploy', 'grafana', 'dashboards');
  for (const file of readdirSync(folder).filter((name) => name.endsWith('.json'))) {
    it(`${file}: every PromQL target parses and is supported`, () => {
      const dashboard = JSON.parse(readFileSync(join(folder, file), 'utf8')) as { panels: { targets?: { expr?: string }[] }[] };
      const exprs = dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((target) => target.expr)).filter((expr): expr is string => Boolean(expr));
      expect(exprs.length).toBeGreaterThan(0);
      for (const expr of exprs) expect(() => parseExpr(expr.replace(/\$service/g, '.+'))).not.toThrow();
    });
  }
});
