import { decimalToString } from '../decimal';
import { formatSelector } from '@vigil/prom-syntax';
import { formatIssue } from './issues';
import { loadSloDefinitions, parseSloFiles } from './resolve';

const OPENSLO_FOLDER = [
  {
    file: 'checkout/sli.yaml',
    text: `apiVersion: openslo/v1
kind: SLI
metadata:
  name: checkout-errors
spec:
  ratioMetric:
    counter: true
    bad:
      metricSource:
        type: Vigil
        spec:
          selector: http_server_requests_total{service="checkout",status=~"5.."}
    total:
      metricSource:
        type: Vigil
        spec:
          selector: http_server_requests_total{service="checkout"}
`,
  },
  {
    file: 'checkout/slo.yaml',
    text: `apiVersion: openslo/v1
kind: SLO
metadata:
  name: checkout-availability
  labels: { team: payments }
  annotations: { vigil.dev/min-events: "50" }
spec:
  service: checkout
  indicatorRef: checkout-errors
  timeWindow:
    - duration: 28d
      isRolling: true
  budgetingMethod: Occurrences
  objectives:
    - displayName: Requests succeed
      target: 0.999
  alertPolicies:
    - checkout-burn
---
apiVersion: openslo/v1
kind: AlertPolicy
metadata:
  name: checkout-burn
spec:
  conditions:
    - conditionRef: fast-burn
    - kind: AlertCondition
      metadata: { name: slow-burn }
      spec:
        severity: ticket
        condition: { kind: burnrate, op: gt, threshold: 1, lookbackWindow: 3d, alertAfter: 10m }
---
apiVersion: openslo/v1
kind: AlertCondition
metadata:
  name: fast-burn
spec:
  severity: page
  condition: { kind: burnrate, op: gte, threshold: 14.4, lookbackWindow: 1h }
`,
  },
];

describe('OpenSLO v1 parsing', () => {
  it('resolves an SLO with an indicatorRef, a referenced policy, a referenced and an inline condition', () => {
    const [slo] = loadSloDefinitions(OPENSLO_FOLDER);
    expect(slo.name).toBe('checkout-availability');
    expect(decimalToString(slo.target)).toBe('0.999');
    expect(decimalToString(slo.errorBudget)).toBe('0.001');
    expect(slo.timeWindow).toEqual({ kind: 'rolling', millis: 28 * 86_400_000 });
    expect(slo.indicator.numerator).toBe('bad');
    expect(formatSelector(slo.indicator.numeratorSelector)).toBe(
      'http_server_requests_total{service="checkout",status=~"5.."}',
    );
    expect(slo.minEventsPerLongWindow).toBe(50);
    expect(slo.labels).toEqual({ team: 'payments' });
    expect(
      slo.alerts.map((a) => [
        a.severity,
        decimalToString(a.burnRate),
        a.longWindowMillis / 60_000,
        a.shortWindowMillis / 60_000,
        a.forMillis / 60_000,
        a.inclusive,
      ]),
    ).toEqual([
      ['page', '14.4', 60, 5, 0, true],
      ['ticket', '1', 4320, 360, 10, false],
    ]);
  });

  it('applies the workbook alerts scaled to the SLO window when no policy is given', () => {
    const text = OPENSLO_FOLDER[1].text
      .split('---')[0]
      .replace('  alertPolicies:\n    - checkout-burn\n', '')
      .replace('28d', '7d');
    const [slo] = loadSloDefinitions([OPENSLO_FOLDER[0], { file: 'slo.yaml', text }]);
    // 7 d is 7/30 of the workbook's 30 d: 1 h → 14 min, 5 m → 1 min, 3 d → 16.8 h; burn rates kept.
    expect(
      slo.alerts.map((a) => [
        a.severity,
        decimalToString(a.burnRate),
        a.longWindowMillis / 60_000,
        a.shortWindowMillis / 60_000,
      ]),
    ).toEqual([
      ['page', '14.4', 14, 1],
      ['page', '6', 84, 7],
      ['ticket', '3', 336, 28],
      ['ticket', '1', 1008, 84],
    ]);
  });

  it('turns a histogram threshold SLI into good = bucket le bound over count', () => {
    const text = `apiVersion: openslo/v1
kind: SLO
metadata: { name: checkout-latency }
spec:
  service: checkout
  indicator:
    metadata: { name: checkout-latency }
    spec:
      thresholdMetric:
        metricSource:
          spec:
            selector: http_server_duration_seconds{service="checkout"}
  timeWindow: [{ duration: 30d, isRolling: true }]
  budgetingMethod: Occurrences
  objectives: [{ op: lte, value: 0.3, targetPercent: 99 }]
`;
    const [slo] = loadSloDefinitions([{ file: 'latency.yaml', text }]);
    expect(slo.indicator.numerator).toBe('good');
    expect(formatSelector(slo.indicator.numeratorSelector)).toBe(
      'http_server_duration_seconds_bucket{service="checkout",le="0.3"}',
    );
    expect(formatSelector(slo.indicator.totalSelector)).toBe(
      'http_server_duration_seconds_count{service="checkout"}',
    );
    expect(decimalToString(slo.errorBudget)).toBe('0.01');
  });

  it('reads Timeslices objectives and calendar windows', () => {
    const text = `apiVersion: openslo/v1
kind: SLO
metadata: { name: monthly }
spec:
  service: checkout
  indicatorRef: checkout-errors
  timeWindow:
    - duration: 1M
      calendar: { startTime: "2026-01-01 00:00:00", timeZone: Europe/Paris }
  budgetingMethod: Timeslices
  objectives: [{ target: 0.99, timeSliceTarget: 0.95, timeSliceWindow: 1m }]
`;
    const [slo] = loadSloDefinitions([OPENSLO_FOLDER[0], { file: 'monthly.yaml', text }]);
    expect(slo.budgetingMethod).toBe('Timeslices');
    expect(slo.timeslices && decimalToString(slo.timeslices.sliceTarget)).toBe('0.95');
    expect(slo.timeWindow).toMatchObject({ kind: 'calendar', unit: 'M', count: 1, timeZone: 'Europe/Paris' });
  });
});

describe('SLO validation names the file, the document and the field', () => {
  const messages = (files: Array<{ file: string; text: string }>): string[] =>
    parseSloFiles(files).issues.map(formatIssue);
  const slo = OPENSLO_FOLDER[1].text.split('---')[0];

  it('rejects bad YAML with its line', () => {
    expect(
      messages([{ file: 'bad.yaml', text: 'apiVersion: openslo/v1\nkind: SLO\nmetadata: [unclosed\n' }]),
    ).toEqual([expect.stringMatching(/^bad\.yaml: document 1 \(line \d\): bad YAML: Flow sequence/)]);
  });

  it('rejects an unknown field', () => {
    const text = slo.replace(
      '  budgetingMethod: Occurrences',
      '  budgetingMethod: Occurrences\n  budgetingMethd: Occurrences',
    );
    expect(messages([OPENSLO_FOLDER[0], { file: 'slo.yaml', text }])).toEqual([
      'slo.yaml: document 1 (SLO checkout-availability): spec.budgetingMethd (line 14): unknown field "budgetingMethd"',
    ]);
  });

  it.each([
    ['target: 1', 'spec.objectives[0].target (line 16): must be a fraction in (0, 1) such as 0.999, got 1'],
    ['target: 0', 'spec.objectives[0].target (line 16): must be a fraction in (0, 1) such as 0.999, got 0'],
    [
      'targetPercent: 100',
      'spec.objectives[0].targetPercent (line 16): must be a percent in (0, 100), got 100',
    ],
    ['targetPercent: 99.9', undefined],
  ])('checks the target range: %s', (replacement, expected) => {
    const text = slo
      .replace('target: 0.999', replacement)
      .replace('  alertPolicies:\n    - checkout-burn\n', '');
    const found = messages([OPENSLO_FOLDER[0], { file: 'slo.yaml', text }]);
    expect(found).toEqual(expected ? [`slo.yaml: document 1 (SLO checkout-availability): ${expected}`] : []);
  });

  it('rejects an SLO window shorter than its alert windows', () => {
    const text = slo.replace('28d', '2d');
    expect(
      messages([
        OPENSLO_FOLDER[0],
        { file: 'slo.yaml', text },
        { file: 'policy.yaml', text: OPENSLO_FOLDER[1].text.split('---').slice(1).join('---') },
      ]),
    ).toEqual([
      'slo.yaml: document 1 (SLO checkout-availability): spec.timeWindow[0].duration (line 11): the SLO window (2d) is shorter than the alert window 3d (severity ticket)',
    ]);
  });

  it('names a missing reference and a malformed selector', () => {
    const badSli = OPENSLO_FOLDER[0].text.replace('status=~"5.."', 'status=~5..');
    const found = messages([
      { file: 'sli.yaml', text: badSli },
      { file: 'slo.yaml', text: slo.replace('checkout-burn', 'nope') },
    ]);
    expect(found).toEqual([
      expect.stringMatching(
        /^sli\.yaml: document 1 \(SLI checkout-errors\): spec\.ratioMetric\.bad\.metricSource\.spec\.selector \(line 12\): bad selector: expected a double-quoted value at column 55/,
      ),
      'slo.yaml: document 1 (SLO checkout-availability): spec.alertPolicies[0] (line 18): no AlertPolicy named "nope" in the folder',
    ]);
  });

  it('accepts the compact native form and rejects a percent outside (0, 100)', () => {
    const native = (objective: string): string =>
      `apiVersion: vigil/v1\nkind: SLO\nmetadata: { name: cart }\nspec:\n  service: cart\n  objective: ${objective}\n  errors: http_requests_total{service="cart",code=~"5.."}\n  total: http_requests_total{service="cart"}\n`;
    expect(
      parseSloFiles([{ file: 'cart.yaml', text: native('99.95') }]).definitions.map((d) =>
        decimalToString(d.errorBudget),
      ),
    ).toEqual(['0.0005']);
    expect(messages([{ file: 'cart.yaml', text: `---\n${native('100')}` }])).toEqual([
      'cart.yaml: document 1 (SLO cart): spec.objective (line 7): must be a percent in (0, 100), got 100',
    ]);
  });
});
