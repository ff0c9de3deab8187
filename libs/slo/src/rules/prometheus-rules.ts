/**
 * Exports SLOs as the Prometheus recording and alerting rules that compute the same thing Vigil
 * does (`vigil slo rules <folder>` prints this), so a team can read exactly what is evaluated or
 * run it in Prometheus. Equivalence, rule by rule:
 *
 * - `slo:sli_error:ratio_rate<w>` = bad increase / total increase over w. A missing bad series
 *   counts as 0 (`or on() vector(0)`: "no 5xx series yet" is not "no data"); a missing total
 *   series leaves the result empty, which is Vigil's "no data".
 * - `slo:sli_events:increase<w>` = total increase over each long window (the low-traffic guard).
 * - alert `SLOErrorBudgetBurn`: long ratio > threshold and short ratio > threshold and enough
 *   events, with the threshold written as the exact decimal burn × budget (e.g. 0.0144), so both
 *   sides compare against the same double.
 * - Timeslices SLOs record one good/bad sample per slice in a group whose interval is the slice,
 *   and the window ratios are `1 - avg_over_time` of it.
 * - Calendar windows have no PromQL equivalent; the budget rules use a rolling window of the
 *   period's nominal length (30 d for 1M) and say so in a comment.
 */
import { stringify } from 'yaml';
import { burnRateThreshold } from '../budget';
import { DECIMAL_ONE, decimalSubtract, decimalToString } from '../decimal';
import { formatDuration } from '../duration';
import type { SloDefinition } from '../model';
import { formatSelector } from '@vigil/prom-syntax';
import type { MetricSelector } from '../selector';
import { SLO_ALERT_NAME } from '../engine/slo-state';

export interface PrometheusRulesOptions {
  /** Rule group evaluation interval; use the engine's resolution. Default 60 000 (1 m). */
  readonly evaluationIntervalMillis?: number;
}

interface RecordingRule {
  record: string;
  expr: string;
  labels: Record<string, string>;
}

interface AlertingRule {
  alert: string;
  expr: string;
  for?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

interface RuleGroup {
  name: string;
  interval: string;
  rules: Array<RecordingRule | AlertingRule>;
}

const RESERVED_LABELS = new Set([
  'alertname',
  'slo',
  'service',
  'severity',
  'long_window',
  'short_window',
  'burn_rate',
]);

function promString(value: string): string {
  return JSON.stringify(value);
}

function increase(selector: MetricSelector, windowMillis: number): string {
  return `sum(increase(${formatSelector(selector)}[${formatDuration(windowMillis)}]))`;
}

/** bad events / total events over a window, as PromQL over the raw counters. */
function errorRatioExpr(definition: SloDefinition, windowMillis: number): string {
  const { numerator, numeratorSelector, totalSelector } = definition.indicator;
  const total = increase(totalSelector, windowMillis);
  const counted = `(${increase(numeratorSelector, windowMillis)} or on() vector(0))`;
  return numerator === 'bad' ? `${counted} / ${total}` : `(${total} - ${counted}) / ${total}`;
}

/** The windows this SLO's alerts and budget read. */
function windowsOf(definition: SloDefinition): number[] {
  const windows = new Set<number>([definition.timeWindow.millis]);
  for (const alert of definition.alerts) {
    windows.add(alert.shortWindowMillis);
    windows.add(alert.longWindowMillis);
  }
  return [...windows].sort((a, b) => a - b);
}

function sloGroups(definition: SloDefinition, intervalMillis: number): RuleGroup[] {
  const identity = { slo: definition.name, service: definition.service };
  const matcher = `{slo=${promString(definition.name)}}`;
  const groups: RuleGroup[] = [];
  const rules: Array<RecordingRule | AlertingRule> = [];
  const slices = definition.timeslices;

  if (slices) {
    const { numeratorSelector, totalSelector, numerator } = definition.indicator;
    const total = increase(totalSelector, slices.sliceMillis);
    const counted = `(${increase(numeratorSelector, slices.sliceMillis)} or on() vector(0))`;
    const goodRatio = numerator === 'good' ? `${counted} / ${total}` : `(${total} - ${counted}) / ${total}`;
    groups.push({
      name: `slo-${definition.name}-timeslices`,
      interval: formatDuration(slices.sliceMillis),
      rules: [
        {
          record: 'slo:timeslice_good:bool',
          expr: `((${goodRatio}) >= bool ${decimalToString(slices.sliceTarget)}) and on() (${total} > 0)`,
          labels: identity,
        },
      ],
    });
  }

  for (const windowMillis of windowsOf(definition)) {
    const window = formatDuration(windowMillis);
    if (slices) {
      // Slice samples are stamped at slice ends: a window w holds w / slice of them in (now − w + slice/2, now].
      const range = formatDuration(windowMillis - slices.sliceMillis / 2);
      rules.push({
        record: `slo:sli_error:ratio_rate${window}`,
        expr: `1 - avg_over_time(slo:timeslice_good:bool${matcher}[${range}])`,
        labels: identity,
      });
      rules.push({
        record: `slo:sli_events:increase${window}`,
        expr: `count_over_time(slo:timeslice_good:bool${matcher}[${range}])`,
        labels: identity,
      });
    } else {
      rules.push({
        record: `slo:sli_error:ratio_rate${window}`,
        expr: errorRatioExpr(definition, windowMillis),
        labels: identity,
      });
      rules.push({
        record: `slo:sli_events:increase${window}`,
        expr: increase(definition.indicator.totalSelector, windowMillis),
        labels: identity,
      });
    }
  }

  const period = formatDuration(definition.timeWindow.millis);
  rules.push({
    record: 'slo:objective:ratio',
    expr: `vector(${decimalToString(definition.target)})`,
    labels: identity,
  });
  rules.push({
    record: 'slo:error_budget_remaining:ratio',
    expr: `1 - slo:sli_error:ratio_rate${period}${matcher} / ${decimalToString(decimalSubtract(DECIMAL_ONE, definition.target))}`,
    labels: identity,
  });

  const extraLabels = Object.fromEntries(
    Object.entries(definition.labels).filter(([key]) => !RESERVED_LABELS.has(key)),
  );
  for (const alert of definition.alerts) {
    const threshold = String(burnRateThreshold(alert.burnRate, definition.errorBudget));
    const op = alert.inclusive ? '>=' : '>';
    const long = formatDuration(alert.longWindowMillis);
    const short = formatDuration(alert.shortWindowMillis);
    const rule: AlertingRule = {
      alert: SLO_ALERT_NAME,
      expr: [
        `slo:sli_error:ratio_rate${long}${matcher} ${op} ${threshold}`,
        `and slo:sli_error:ratio_rate${short}${matcher} ${op} ${threshold}`,
        `and slo:sli_events:increase${long}${matcher} >= ${definition.minEventsPerLongWindow}`,
      ].join('\n'),
      labels: {
        ...extraLabels,
        severity: alert.severity,
        long_window: long,
        short_window: short,
        burn_rate: decimalToString(alert.burnRate),
      },
      annotations: {
        summary: `${definition.name}: error budget burning faster than ${decimalToString(alert.burnRate)}× over ${long} and ${short}`,
        error_ratio_long: '{{ $value }}',
      },
    };
    if (alert.forMillis > 0) rule.for = formatDuration(alert.forMillis);
    rules.push(rule);
  }
  groups.push({ name: `slo-${definition.name}`, interval: formatDuration(intervalMillis), rules });
  return groups;
}

/** The rules file (YAML text, `groups:` at the top) for a set of SLOs. */
export function prometheusRules(
  definitions: readonly SloDefinition[],
  options: PrometheusRulesOptions = {},
): string {
  const intervalMillis = options.evaluationIntervalMillis ?? 60_000;
  const header = [
    '# Generated by `vigil slo rules`: the recording and alerting rules Vigil evaluates for these SLOs.',
    ...definitions
      .filter((definition) => definition.timeWindow.kind === 'calendar')
      .map(
        (definition) =>
          `# ${definition.name}: calendar window approximated as a rolling ${formatDuration(definition.timeWindow.millis)} (PromQL has no calendar ranges).`,
      ),
  ];
  const body = stringify(
    { groups: definitions.flatMap((definition) => sloGroups(definition, intervalMillis)) },
    { lineWidth: 0, aliasDuplicateObjects: false },
  );
  return `${header.join('\n')}\n${body}`;
}
