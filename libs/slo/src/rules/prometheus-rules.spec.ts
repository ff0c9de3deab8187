import { parse } from 'yaml';
import { definitionsOf, nativeSlo } from '../../test/support';
import { prometheusRules } from './prometheus-rules';

interface Rule {
  record?: string;
  alert?: string;
  expr: string;
  for?: string;
  labels: Record<string, string>;
}

describe('Prometheus rules export', () => {
  const rulesOf = (yaml: string): Rule[] =>
    (parse(prometheusRules(definitionsOf(yaml))) as { groups: Array<{ rules: Rule[] }> }).groups.flatMap(
      (g) => g.rules,
    );

  it('records the error ratio of every window with a missing bad series counting as zero', () => {
    const rules = rulesOf(nativeSlo('checkout'));
    const ratio5m = rules.find((r) => r.record === 'slo:sli_error:ratio_rate5m')!;
    expect(ratio5m.expr).toBe(
      '(sum(increase(http_requests_total{service="checkout",code=~"5.."}[5m])) or on() vector(0)) / sum(increase(http_requests_total{service="checkout"}[5m]))',
    );
    expect(ratio5m.labels).toEqual({ slo: 'checkout', service: 'checkout' });
    expect(
      rules.filter((r) => r.record?.startsWith('slo:sli_error:ratio_rate')).map((r) => r.record!.slice(24)),
    ).toEqual(['5m', '30m', '1h', '2h', '6h', '1d', '3d', '30d']);
  });

  it('writes each workbook alert with the exact decimal threshold and the low-traffic guard', () => {
    const alerts = rulesOf(nativeSlo('checkout', { minEvents: 25 })).filter((r) => r.alert);
    expect(alerts).toHaveLength(4);
    expect(alerts[0].expr).toBe(
      [
        'slo:sli_error:ratio_rate1h{slo="checkout"} > 0.0144',
        'and slo:sli_error:ratio_rate5m{slo="checkout"} > 0.0144',
        'and slo:sli_events:increase1h{slo="checkout"} >= 25',
      ].join('\n'),
    );
    expect(alerts.map((a) => a.labels)).toEqual([
      { severity: 'page', long_window: '1h', short_window: '5m', burn_rate: '14.4' },
      { severity: 'page', long_window: '6h', short_window: '30m', burn_rate: '6' },
      { severity: 'ticket', long_window: '1d', short_window: '2h', burn_rate: '3' },
      { severity: 'ticket', long_window: '3d', short_window: '6h', burn_rate: '1' },
    ]);
  });

  it('computes good/total SLIs as (total − good) / total and records the remaining budget', () => {
    const yaml = nativeSlo('checkout').replace(
      'errors: http_requests_total{service="checkout",code=~"5.."}',
      'good: http_requests_total{service="checkout",code=~"2.."}',
    );
    const rules = rulesOf(yaml);
    expect(rules.find((r) => r.record === 'slo:sli_error:ratio_rate1h')!.expr).toBe(
      '(sum(increase(http_requests_total{service="checkout"}[1h])) - (sum(increase(http_requests_total{service="checkout",code=~"2.."}[1h])) or on() vector(0))) / sum(increase(http_requests_total{service="checkout"}[1h]))',
    );
    expect(rules.find((r) => r.record === 'slo:error_budget_remaining:ratio')!.expr).toBe(
      '1 - slo:sli_error:ratio_rate30d{slo="checkout"} / 0.001',
    );
  });
});
