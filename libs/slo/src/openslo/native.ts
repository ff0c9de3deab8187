/**
 * Vigil's compact SLO form (`apiVersion: vigil/v1`): one service, errors/good over total or a
 * latency histogram, a rolling window, workbook alerts unless told otherwise.
 */
import { defaultBurnRateAlerts, shortWindowFor } from '../burn-rate-policy';
import { errorBudgetOf } from '../budget';
import { DECIMAL_ZERO, decimalCompare, decimalFromNumber, parseDecimal } from '../decimal';
import { formatDuration, parseDuration } from '../duration';
import type { BurnRateAlertPolicy, RatioIndicator, SloDefinition, TimeWindow } from '../model';
import type { DocumentOrigin } from './documents';
import { checkWindows, histogramIndicator, labelsFrom, percentTarget, selectorAt } from './fields';
import type { Issues } from './fields';
import type { NativeSloDocument } from './schema';

export interface ResolvedLoadOptions {
  readonly resolutionMillis: number;
  readonly defaultMinEventsPerLongWindow: number;
}

export function resolveNative(
  issues: Issues,
  document: { origin: DocumentOrigin; value: NativeSloDocument },
  options: ResolvedLoadOptions,
): SloDefinition | undefined {
  const { origin, value } = document;
  const { spec } = value;
  const before = issues.list.length;
  const target = percentTarget(issues, origin, ['spec', 'objective'], spec.objective);
  const duration = parseDuration(spec.window ?? '30d');
  const timeWindow: TimeWindow | undefined =
    duration?.kind === 'fixed'
      ? { kind: 'rolling', millis: duration.millis }
      : issues.fail(
          origin,
          ['spec', 'window'],
          `bad rolling window ${JSON.stringify(spec.window)} (e.g. 30d, 4w)`,
        );

  let indicator: RatioIndicator | undefined;
  const kinds = [spec.errors, spec.good, spec.latency].filter((x) => x !== undefined).length;
  if (kinds !== 1) {
    issues.fail(origin, ['spec'], 'give exactly one of errors (with total), good (with total) or latency');
  } else if (spec.latency) {
    const base = selectorAt(issues, origin, ['spec', 'latency', 'histogram'], spec.latency.histogram);
    if (spec.total !== undefined)
      issues.fail(origin, ['spec', 'total'], 'a latency SLO takes its total from the histogram: drop total');
    else if (base) indicator = histogramIndicator(base, 'lte', spec.latency.threshold);
  } else {
    const numeratorKey = spec.errors !== undefined ? 'errors' : 'good';
    const numeratorSelector = selectorAt(issues, origin, ['spec', numeratorKey], spec.errors ?? spec.good);
    const totalSelector =
      spec.total === undefined
        ? issues.fail(origin, ['spec', 'total'], 'total is required with errors or good')
        : selectorAt(issues, origin, ['spec', 'total'], spec.total);
    if (numeratorSelector && totalSelector)
      indicator = { numerator: numeratorKey === 'errors' ? 'bad' : 'good', numeratorSelector, totalSelector };
  }

  let alerts: BurnRateAlertPolicy[] = [];
  if (timeWindow) {
    const alerting = spec.alerting ?? 'workbook';
    if (alerting === 'workbook') alerts = defaultBurnRateAlerts(timeWindow.millis, options.resolutionMillis);
    else if (alerting !== 'none') {
      alerting.forEach((alert, index) => {
        const path = ['spec', 'alerting', index];
        const burnRate =
          typeof alert.burnRate === 'number'
            ? decimalFromNumber(alert.burnRate)
            : parseDecimal(alert.burnRate);
        const long = parseDuration(alert.longWindow);
        const short = alert.shortWindow === undefined ? undefined : parseDuration(alert.shortWindow);
        const forDuration = alert.for === undefined ? undefined : parseDuration(alert.for);
        if (!burnRate || decimalCompare(burnRate, DECIMAL_ZERO) <= 0)
          return issues.fail(origin, [...path, 'burnRate'], 'must be a decimal > 0');
        if (long?.kind !== 'fixed' || long.millis % options.resolutionMillis !== 0) {
          return issues.fail(
            origin,
            [...path, 'longWindow'],
            `must be a duration that is a multiple of ${formatDuration(options.resolutionMillis)}`,
          );
        }
        if (
          short !== undefined &&
          (short.kind !== 'fixed' ||
            short.millis % options.resolutionMillis !== 0 ||
            short.millis > long.millis)
        ) {
          return issues.fail(
            origin,
            [...path, 'shortWindow'],
            `must be a multiple of ${formatDuration(options.resolutionMillis)} no longer than longWindow`,
          );
        }
        if (forDuration !== undefined && forDuration.kind !== 'fixed')
          return issues.fail(origin, [...path, 'for'], 'bad duration');
        alerts.push({
          severity: alert.severity,
          burnRate,
          longWindowMillis: long.millis,
          shortWindowMillis:
            short?.kind === 'fixed' ? short.millis : shortWindowFor(long.millis, options.resolutionMillis),
          forMillis: forDuration?.kind === 'fixed' ? forDuration.millis : 0,
          inclusive: false,
        });
        return undefined;
      });
    }
    checkWindows(issues, origin, ['spec', 'window'], timeWindow, alerts);
  }
  if (issues.list.length > before || !target || !indicator || !timeWindow) return undefined;
  return {
    name: value.metadata.name,
    displayName: value.metadata.displayName,
    description: spec.description,
    service: spec.service,
    indicator,
    target,
    errorBudget: errorBudgetOf(target),
    timeWindow,
    budgetingMethod: 'Occurrences',
    alerts,
    minEventsPerLongWindow: spec.minEvents ?? options.defaultMinEventsPerLongWindow,
    labels: { ...labelsFrom(value.metadata.labels), ...spec.labels },
    origin: { file: origin.file, document: origin.document },
  };
}
