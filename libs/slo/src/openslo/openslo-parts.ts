/**
 * The parts of an OpenSLO SLO that need more than a schema: its indicator (ratio or histogram
 * threshold, inline or from an SLI document), its time window (rolling or calendar), and its
 * burn-rate alerts (AlertPolicy → AlertCondition, inline or by reference).
 */
import { shortWindowFor } from '../burn-rate-policy';
import { isKnownTimeZone, parseLocalDateTime } from '../calendar';
import { decimalFromNumber } from '../decimal';
import { formatDuration, parseDuration } from '../duration';
import type { BurnRateAlertPolicy, RatioIndicator, TimeWindow } from '../model';
import type { DocumentOrigin, ParsedDocument } from './documents';
import { histogramIndicator, sourceSelector } from './fields';
import type { Issues, Path } from './fields';
import type { AlertConditionSpec, AlertPolicySpec, SliSpec } from './schema';

const DAY = 86_400_000;
const NOMINAL_CALENDAR_MILLIS = { M: 30 * DAY, Q: 90 * DAY, Y: 365 * DAY } as const;

export function indicatorFrom(
  issues: Issues,
  origin: DocumentOrigin,
  path: Path,
  spec: SliSpec,
  objective: { op?: 'lte' | 'gte' | 'lt' | 'gt'; value?: number },
  objectivePath: Path,
): RatioIndicator | undefined {
  if ((spec.ratioMetric === undefined) === (spec.thresholdMetric === undefined)) {
    return issues.fail(origin, path, 'an SLI needs exactly one of ratioMetric or thresholdMetric');
  }
  if (spec.thresholdMetric) {
    const base = sourceSelector(issues, origin, [...path, 'thresholdMetric'], spec.thresholdMetric);
    if (objective.op === undefined || objective.value === undefined) {
      return issues.fail(
        origin,
        objectivePath,
        'a thresholdMetric SLI needs op and value in its objective (e.g. op: lte, value: 0.3 for latency ≤ 300 ms)',
      );
    }
    return base && histogramIndicator(base, objective.op, objective.value);
  }
  const ratio = spec.ratioMetric!;
  const ratioPath = [...path, 'ratioMetric'];
  if (!ratio.counter)
    return issues.fail(
      origin,
      [...ratioPath, 'counter'],
      'Vigil needs counters (counter: true); gauge ratios are not supported',
    );
  if (ratio.raw || ratio.rawType)
    return issues.fail(
      origin,
      [...ratioPath, 'raw'],
      'raw (precomputed) ratios are not supported: give good or bad, and total counters',
    );
  if ((ratio.good === undefined) === (ratio.bad === undefined))
    return issues.fail(origin, ratioPath, 'give exactly one of good or bad');
  if (!ratio.total) return issues.fail(origin, [...ratioPath, 'total'], 'total is required');
  const numeratorKey = ratio.good ? 'good' : 'bad';
  const numeratorSelector = sourceSelector(
    issues,
    origin,
    [...ratioPath, numeratorKey],
    (ratio.good ?? ratio.bad)!,
  );
  const totalSelector = sourceSelector(issues, origin, [...ratioPath, 'total'], ratio.total);
  if (!numeratorSelector || !totalSelector) return undefined;
  return { numerator: numeratorKey, numeratorSelector, totalSelector };
}

export function timeWindowFrom(
  issues: Issues,
  origin: DocumentOrigin,
  path: Path,
  window: { duration: string; isRolling?: boolean; calendar?: { startTime: string; timeZone: string } },
): TimeWindow | undefined {
  const duration = parseDuration(window.duration);
  if (!duration)
    return issues.fail(
      origin,
      [...path, 'duration'],
      `bad duration ${JSON.stringify(window.duration)} (e.g. 28d, 4w, 1M)`,
    );
  const rolling = window.isRolling ?? window.calendar === undefined;
  if (rolling) {
    if (window.calendar)
      return issues.fail(
        origin,
        [...path, 'calendar'],
        'a rolling window (isRolling: true) takes no calendar',
      );
    if (duration.kind !== 'fixed')
      return issues.fail(
        origin,
        [...path, 'duration'],
        'a rolling window needs a fixed duration (m, h, d, w); M, Q, Y are calendar units',
      );
    return { kind: 'rolling', millis: duration.millis };
  }
  if (!window.calendar)
    return issues.fail(
      origin,
      path,
      'a calendar window (isRolling: false) needs calendar.startTime and calendar.timeZone',
    );
  if (!parseLocalDateTime(window.calendar.startTime))
    return issues.fail(
      origin,
      [...path, 'calendar', 'startTime'],
      'must look like 2024-01-01 00:00:00 (no offset)',
    );
  if (!isKnownTimeZone(window.calendar.timeZone))
    return issues.fail(
      origin,
      [...path, 'calendar', 'timeZone'],
      `unknown IANA time zone ${JSON.stringify(window.calendar.timeZone)}`,
    );
  if (duration.kind === 'calendar') {
    return {
      kind: 'calendar',
      millis: duration.count * NOMINAL_CALENDAR_MILLIS[duration.unit],
      count: duration.count,
      unit: duration.unit,
      ...window.calendar,
    };
  }
  const unit = duration.millis % (7 * DAY) === 0 ? 'w' : duration.millis % DAY === 0 ? 'd' : undefined;
  if (!unit)
    return issues.fail(
      origin,
      [...path, 'duration'],
      'a calendar window is whole days, weeks, months (M), quarters (Q) or years (Y)',
    );
  return {
    kind: 'calendar',
    millis: duration.millis,
    count: duration.millis / (unit === 'w' ? 7 * DAY : DAY),
    unit,
    ...window.calendar,
  };
}

export function conditionPolicy(
  issues: Issues,
  origin: DocumentOrigin,
  path: Path,
  spec: AlertConditionSpec,
  resolutionMillis: number,
): BurnRateAlertPolicy | undefined {
  const { condition } = spec;
  if (condition.op === 'lt' || condition.op === 'lte') {
    return issues.fail(
      origin,
      [...path, 'condition', 'op'],
      'a burn-rate alert fires when the burn rate is above its threshold: use op gt or gte',
    );
  }
  if (!(condition.threshold > 0))
    return issues.fail(origin, [...path, 'condition', 'threshold'], 'the burn-rate threshold must be > 0');
  const longWindow = parseDuration(condition.lookbackWindow);
  if (longWindow?.kind !== 'fixed')
    return issues.fail(
      origin,
      [...path, 'condition', 'lookbackWindow'],
      `bad duration ${JSON.stringify(condition.lookbackWindow)}`,
    );
  if (longWindow.millis % resolutionMillis !== 0) {
    return issues.fail(
      origin,
      [...path, 'condition', 'lookbackWindow'],
      `must be a multiple of the evaluation resolution (${formatDuration(resolutionMillis)})`,
    );
  }
  const alertAfter =
    condition.alertAfter === undefined
      ? { kind: 'fixed' as const, millis: 0 }
      : parseDuration(condition.alertAfter);
  if (alertAfter?.kind !== 'fixed')
    return issues.fail(
      origin,
      [...path, 'condition', 'alertAfter'],
      `bad duration ${JSON.stringify(condition.alertAfter)}`,
    );
  return {
    severity: spec.severity,
    burnRate: decimalFromNumber(condition.threshold),
    longWindowMillis: longWindow.millis,
    shortWindowMillis: shortWindowFor(longWindow.millis, resolutionMillis),
    forMillis: alertAfter.millis,
    inclusive: condition.op === 'gte',
  };
}

export interface Registry {
  readonly slis: Map<string, Extract<ParsedDocument, { kind: 'SLI' }>>;
  readonly policies: Map<string, Extract<ParsedDocument, { kind: 'AlertPolicy' }>>;
  readonly conditions: Map<string, Extract<ParsedDocument, { kind: 'AlertCondition' }>>;
}

export function policyAlerts(
  issues: Issues,
  registry: Registry,
  origin: DocumentOrigin,
  path: Path,
  policy: AlertPolicySpec,
  resolutionMillis: number,
): BurnRateAlertPolicy[] {
  const alerts: BurnRateAlertPolicy[] = [];
  policy.conditions.forEach((condition, index) => {
    if ('conditionRef' in condition) {
      const found = registry.conditions.get(condition.conditionRef);
      if (!found) {
        issues.fail(
          origin,
          [...path, 'conditions', index, 'conditionRef'],
          `no AlertCondition named ${JSON.stringify(condition.conditionRef)} in the folder`,
        );
        return;
      }
      const alert = conditionPolicy(issues, found.origin, ['spec'], found.value.spec, resolutionMillis);
      if (alert) alerts.push(alert);
      return;
    }
    const alert = conditionPolicy(
      issues,
      origin,
      [...path, 'conditions', index, 'spec'],
      condition.spec,
      resolutionMillis,
    );
    if (alert) alerts.push(alert);
  });
  return alerts;
}
