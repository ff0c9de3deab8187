/**
 * Field-level helpers shared by the OpenSLO and native resolvers: issue collection, selectors,
 * histogram thresholds, exact percent targets, SLO-window versus alert-window checks.
 */
import {
  DECIMAL_ONE,
  DECIMAL_ZERO,
  decimalCompare,
  decimalFromNumber,
  decimalShift,
  parseDecimal,
} from '../decimal';
import type { Decimal } from '../decimal';
import { formatDuration } from '../duration';
import type { BurnRateAlertPolicy, RatioIndicator, TimeWindow } from '../model';
import { SelectorSyntaxError } from '@vigil/prom-syntax';
import { parseSelector, withMetric } from '../selector';
import type { MetricSelector } from '../selector';
import { issueAt } from './documents';
import type { DocumentOrigin } from './documents';
import type { SloConfigIssue } from './issues';

export type Path = Array<string | number>;

/** Collects issues; `fail` records one and returns undefined so callers can bail out in one line. */
export class Issues {
  readonly list: SloConfigIssue[] = [];
  fail(origin: DocumentOrigin, path: Path, message: string): undefined {
    this.list.push(issueAt(origin, path, message));
    return undefined;
  }
}

export function selectorAt(
  issues: Issues,
  origin: DocumentOrigin,
  path: Path,
  text: string | undefined,
): MetricSelector | undefined {
  if (text === undefined)
    return issues.fail(
      origin,
      path,
      'a metric source needs spec.selector (e.g. http_server_requests_total{service="checkout"})',
    );
  try {
    return parseSelector(text);
  } catch (error) {
    if (error instanceof SelectorSyntaxError)
      return issues.fail(origin, path, `bad selector: ${error.message}`);
    throw error;
  }
}

export function sourceSelector(
  issues: Issues,
  origin: DocumentOrigin,
  path: Path,
  holder: { metricSource: { spec: { selector?: string; query?: string } } },
): MetricSelector | undefined {
  const { selector, query } = holder.metricSource.spec;
  if (selector !== undefined && query !== undefined)
    return issues.fail(origin, [...path, 'metricSource', 'spec'], 'give selector or query, not both');
  return selectorAt(
    issues,
    origin,
    [...path, 'metricSource', 'spec', selector !== undefined ? 'selector' : 'query'],
    selector ?? query,
  );
}

/** Histogram threshold "latency op value" as two counters: `_bucket{le=value}` and `_count`. */
export function histogramIndicator(
  base: MetricSelector,
  op: 'lte' | 'lt' | 'gte' | 'gt',
  value: number,
): RatioIndicator {
  const name = base.metric.replace(/_(bucket|count|sum)$/, '');
  const bucket = withMetric(base, `${name}_bucket`, [{ label: 'le', op: '=', value: String(value) }]);
  const count = withMetric(base, `${name}_count`);
  // Buckets count observations ≤ le: below-or-at the bound is good for lte/lt, bad for gte/gt.
  return {
    numerator: op === 'lte' || op === 'lt' ? 'good' : 'bad',
    numeratorSelector: bucket,
    totalSelector: count,
  };
}

export function fractionInOpenUnit(value: Decimal): boolean {
  return decimalCompare(value, DECIMAL_ZERO) > 0 && decimalCompare(value, DECIMAL_ONE) < 0;
}

export function percentTarget(
  issues: Issues,
  origin: DocumentOrigin,
  path: Path,
  raw: number | string,
): Decimal | undefined {
  const decimal = typeof raw === 'number' ? decimalFromNumber(raw) : parseDecimal(raw.replace(/%$/, ''));
  if (!decimal)
    return issues.fail(origin, path, `must be a decimal percent such as 99.9, got ${JSON.stringify(raw)}`);
  const fraction = decimalShift(decimal, -2);
  return fractionInOpenUnit(fraction)
    ? fraction
    : issues.fail(origin, path, `must be a percent in (0, 100), got ${typeof raw === 'number' ? raw : raw}`);
}

export function labelsFrom(labels: Record<string, string | string[]> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(labels ?? {}))
    out[key] = Array.isArray(value) ? value.join(',') : value;
  return out;
}

/** Alert windows must fit in the SLO window: a 3 d lookback on a 1 d SLO measures nothing real. */
export function checkWindows(
  issues: Issues,
  origin: DocumentOrigin,
  path: Path,
  window: TimeWindow,
  alerts: readonly BurnRateAlertPolicy[],
): boolean {
  const tooLong = alerts.find((alert) => alert.longWindowMillis > window.millis);
  if (!tooLong) return true;
  issues.fail(
    origin,
    path,
    `the SLO window (${formatDuration(window.millis)}) is shorter than the alert window ${formatDuration(tooLong.longWindowMillis)} (severity ${tooLong.severity})`,
  );
  return false;
}
