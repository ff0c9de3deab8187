/**
 * Turns validated documents into `SloDefinition`s: resolves indicatorRef / alert policy /
 * condition references across the folder, checks what the schemas cannot (exact target ranges,
 * durations, selectors, alert windows that fit in the SLO window), and applies defaults.
 *
 * Targets: OpenSLO `target` is a fraction in (0, 1) and `targetPercent` a percent in (0, 100),
 * both exclusive (a 100 % objective has no budget to burn); the native `objective` is a percent.
 * All become exact decimals.
 */
import { defaultBurnRateAlerts, shortWindowFor } from '../burn-rate-policy';
import { errorBudgetOf } from '../budget';
import { isKnownTimeZone, parseLocalDateTime } from '../calendar';
import { DECIMAL_ONE, DECIMAL_ZERO, decimalCompare, decimalFromNumber, decimalShift, parseDecimal } from '../decimal';
import type { Decimal } from '../decimal';
import { formatDuration, parseDuration } from '../duration';
import type { BurnRateAlertPolicy, RatioIndicator, SloDefinition, TimeWindow } from '../model';
import { parseSelector, SelectorSyntaxError, withMetric } from '../selector';
import type { MetricSelector } from '../selector';
import { issueAt, readDocuments } from './documents';
import type { DocumentOrigin, ParsedDocument, SourceFile } from './documents';
import { SloConfigError } from './issues';
import type { SloConfigIssue } from './issues';
import type { AlertConditionSpec, AlertPolicySpec, NativeSloDocument, SliSpec } from './schema';

export interface SloLoadOptions {
  /** Alert windows are rounded to multiples of this; use the engine's resolution. Default 60 000. */
  readonly resolutionMillis?: number;
  /** Low-traffic guard when a document sets none. Default 10 events in the long window. */
  readonly defaultMinEventsPerLongWindow?: number;
}

/** OpenSLO annotation carrying the low-traffic guard (annotations are OpenSLO's extension point). */
export const MIN_EVENTS_ANNOTATION = 'vigil.dev/min-events';
export const DEFAULT_MIN_EVENTS_PER_LONG_WINDOW = 10;
const DAY = 86_400_000;
const NOMINAL_CALENDAR_MILLIS = { M: 30 * DAY, Q: 90 * DAY, Y: 365 * DAY } as const;

type Path = Array<string | number>;

/** Collects issues; `fail` records one and returns undefined so callers can bail out in one line. */
class Issues {
  readonly list: SloConfigIssue[] = [];
  fail(origin: DocumentOrigin, path: Path, message: string): undefined {
    this.list.push(issueAt(origin, path, message));
    return undefined;
  }
}

function selectorAt(issues: Issues, origin: DocumentOrigin, path: Path, text: string | undefined): MetricSelector | undefined {
  if (text === undefined) return issues.fail(origin, path, 'a metric source needs spec.selector (e.g. http_server_requests_total{service="checkout"})');
  try {
    return parseSelector(text);
  } catch (error) {
    if (error instanceof SelectorSyntaxError) return issues.fail(origin, path, `bad selector: ${error.message}`);
    throw error;
  }
}

function sourceSelector(issues: Issues, origin: DocumentOrigin, path: Path, holder: { metricSource: { spec: { selector?: string; query?: string } } }): MetricSelector | undefined {
  const { selector, query } = holder.metricSource.spec;
  if (selector !== undefined && query !== undefined) return issues.fail(origin, [...path, 'metricSource', 'spec'], 'give selector or query, not both');
  return selectorAt(issues, origin, [...path, 'metricSource', 'spec', selector !== undefined ? 'selector' : 'query'], selector ?? query);
}

/** Histogram threshold "latency op value" as two counters: `_bucket{le=value}` and `_count`. */
function histogramIndicator(base: MetricSelector, op: 'lte' | 'lt' | 'gte' | 'gt', value: number): RatioIndicator {
  const name = base.metric.replace(/_(bucket|count|sum)$/, '');
  const bucket = withMetric(base, `${name}_bucket`, [{ label: 'le', op: '=', value: String(value) }]);
  const count = withMetric(base, `${name}_count`);
  // Buckets count observations ≤ le: below-or-at the bound is good for lte/lt, bad for gte/gt.
  return { numerator: op === 'lte' || op === 'lt' ? 'good' : 'bad', numeratorSelector: bucket, totalSelector: count };
}

function indicatorFrom(
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
      return issues.fail(origin, objectivePath, 'a thresholdMetric SLI needs op and value in its objective (e.g. op: lte, value: 0.3 for latency ≤ 300 ms)');
    }
    return base && histogramIndicator(base, objective.op, objective.value);
  }
  const ratio = spec.ratioMetric!;
  const ratioPath = [...path, 'ratioMetric'];
  if (!ratio.counter) return issues.fail(origin, [...ratioPath, 'counter'], 'Vigil needs counters (counter: true); gauge ratios are not supported');
  if (ratio.raw || ratio.rawType) return issues.fail(origin, [...ratioPath, 'raw'], 'raw (precomputed) ratios are not supported: give good or bad, and total counters');
  if ((ratio.good === undefined) === (ratio.bad === undefined)) return issues.fail(origin, ratioPath, 'give exactly one of good or bad');
  if (!ratio.total) return issues.fail(origin, [...ratioPath, 'total'], 'total is required');
  const numeratorKey = ratio.good ? 'good' : 'bad';
  const numeratorSelector = sourceSelector(issues, origin, [...ratioPath, numeratorKey], (ratio.good ?? ratio.bad)!);
  const totalSelector = sourceSelector(issues, origin, [...ratioPath, 'total'], ratio.total);
  if (!numeratorSelector || !totalSelector) return undefined;
  return { numerator: numeratorKey, numeratorSelector, totalSelector };
}

function fractionInOpenUnit(value: Decimal): boolean {
  return decimalCompare(value, DECIMAL_ZERO) > 0 && decimalCompare(value, DECIMAL_ONE) < 0;
}

function percentTarget(issues: Issues, origin: DocumentOrigin, path: Path, raw: number | string): Decimal | undefined {
  const decimal = typeof raw === 'number' ? decimalFromNumber(raw) : parseDecimal(raw.replace(/%$/, ''));
  if (!decimal) return issues.fail(origin, path, `must be a decimal percent such as 99.9, got ${JSON.stringify(raw)}`);
  const fraction = decimalShift(decimal, -2);
  return fractionInOpenUnit(fraction) ? fraction : issues.fail(origin, path, `must be a percent in (0, 100), got ${typeof raw === 'number' ? raw : raw}`);
}

function timeWindowFrom(issues: Issues, origin: DocumentOrigin, path: Path, window: { duration: string; isRolling?: boolean; calendar?: { startTime: string; timeZone: string } }): TimeWindow | undefined {
  const duration = parseDuration(window.duration);
  if (!duration) return issues.fail(origin, [...path, 'duration'], `bad duration ${JSON.stringify(window.duration)} (e.g. 28d, 4w, 1M)`);
  const rolling = window.isRolling ?? window.calendar === undefined;
  if (rolling) {
    if (window.calendar) return issues.fail(origin, [...path, 'calendar'], 'a rolling window (isRolling: true) takes no calendar');
    if (duration.kind !== 'fixed') return issues.fail(origin, [...path, 'duration'], 'a rolling window needs a fixed duration (m, h, d, w); M, Q, Y are calendar units');
    return { kind: 'rolling', millis: duration.millis };
  }
  if (!window.calendar) return issues.fail(origin, path, 'a calendar window (isRolling: false) needs calendar.startTime and calendar.timeZone');
  if (!parseLocalDateTime(window.calendar.startTime)) return issues.fail(origin, [...path, 'calendar', 'startTime'], 'must look like 2024-01-01 00:00:00 (no offset)');
  if (!isKnownTimeZone(window.calendar.timeZone)) return issues.fail(origin, [...path, 'calendar', 'timeZone'], `unknown IANA time zone ${JSON.stringify(window.calendar.timeZone)}`);
  if (duration.kind === 'calendar') {
    return { kind: 'calendar', millis: duration.count * NOMINAL_CALENDAR_MILLIS[duration.unit], count: duration.count, unit: duration.unit, ...window.calendar };
  }
  const unit = duration.millis % (7 * DAY) === 0 ? 'w' : duration.millis % DAY === 0 ? 'd' : undefined;
  if (!unit) return issues.fail(origin, [...path, 'duration'], 'a calendar window is whole days, weeks, months (M), quarters (Q) or years (Y)');
  return { kind: 'calendar', millis: duration.millis, count: duration.millis / (unit === 'w' ? 7 * DAY : DAY), unit, ...window.calendar };
}

function conditionPolicy(issues: Issues, origin: DocumentOrigin, path: Path, spec: AlertConditionSpec, resolutionMillis: number): BurnRateAlertPolicy | undefined {
  const { condition } = spec;
  if (condition.op === 'lt' || condition.op === 'lte') {
    return issues.fail(origin, [...path, 'condition', 'op'], 'a burn-rate alert fires when the burn rate is above its threshold: use op gt or gte');
  }
  if (!(condition.threshold > 0)) return issues.fail(origin, [...path, 'condition', 'threshold'], 'the burn-rate threshold must be > 0');
  const longWindow = parseDuration(condition.lookbackWindow);
  if (longWindow?.kind !== 'fixed') return issues.fail(origin, [...path, 'condition', 'lookbackWindow'], `bad duration ${JSON.stringify(condition.lookbackWindow)}`);
  if (longWindow.millis % resolutionMillis !== 0) {
    return issues.fail(origin, [...path, 'condition', 'lookbackWindow'], `must be a multiple of the evaluation resolution (${formatDuration(resolutionMillis)})`);
  }
  const alertAfter = condition.alertAfter === undefined ? { kind: 'fixed' as const, millis: 0 } : parseDuration(condition.alertAfter);
  if (alertAfter?.kind !== 'fixed') return issues.fail(origin, [...path, 'condition', 'alertAfter'], `bad duration ${JSON.stringify(condition.alertAfter)}`);
  return {
    severity: spec.severity,
    burnRate: decimalFromNumber(condition.threshold),
    longWindowMillis: longWindow.millis,
    shortWindowMillis: shortWindowFor(longWindow.millis, resolutionMillis),
    forMillis: alertAfter.millis,
    inclusive: condition.op === 'gte',
  };
}

interface Registry {
  readonly slis: Map<string, Extract<ParsedDocument, { kind: 'SLI' }>>;
  readonly policies: Map<string, Extract<ParsedDocument, { kind: 'AlertPolicy' }>>;
  readonly conditions: Map<string, Extract<ParsedDocument, { kind: 'AlertCondition' }>>;
}

function policyAlerts(issues: Issues, registry: Registry, origin: DocumentOrigin, path: Path, policy: AlertPolicySpec, resolutionMillis: number): BurnRateAlertPolicy[] {
  const alerts: BurnRateAlertPolicy[] = [];
  policy.conditions.forEach((condition, index) => {
    if ('conditionRef' in condition) {
      const found = registry.conditions.get(condition.conditionRef);
      if (!found) {
        issues.fail(origin, [...path, 'conditions', index, 'conditionRef'], `no AlertCondition named ${JSON.stringify(condition.conditionRef)} in the folder`);
        return;
      }
      const alert = conditionPolicy(issues, found.origin, ['spec'], found.value.spec, resolutionMillis);
      if (alert) alerts.push(alert);
      return;
    }
    const alert = conditionPolicy(issues, origin, [...path, 'conditions', index, 'spec'], condition.spec, resolutionMillis);
    if (alert) alerts.push(alert);
  });
  return alerts;
}

function minEventsFrom(issues: Issues, origin: DocumentOrigin, annotations: Record<string, string> | undefined, fallback: number): number {
  const raw = annotations?.[MIN_EVENTS_ANNOTATION];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    issues.fail(origin, ['metadata', 'annotations', MIN_EVENTS_ANNOTATION], 'must be a whole number of events ≥ 0');
    return fallback;
  }
  return value;
}

function labelsFrom(labels: Record<string, string | string[]> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(labels ?? {})) out[key] = Array.isArray(value) ? value.join(',') : value;
  return out;
}

/** Alert windows must fit in the SLO window: a 3 d lookback on a 1 d SLO measures nothing real. */
function checkWindows(issues: Issues, origin: DocumentOrigin, path: Path, window: TimeWindow, alerts: readonly BurnRateAlertPolicy[]): boolean {
  const tooLong = alerts.find((alert) => alert.longWindowMillis > window.millis);
  if (!tooLong) return true;
  issues.fail(origin, path, `the SLO window (${formatDuration(window.millis)}) is shorter than the alert window ${formatDuration(tooLong.longWindowMillis)} (severity ${tooLong.severity})`);
  return false;
}

function resolveOpenSlo(issues: Issues, registry: Registry, document: Extract<ParsedDocument, { kind: 'SLO' }>, options: Required<SloLoadOptions>): SloDefinition | undefined {
  const { origin, value } = document;
  const { spec } = value;
  const before = issues.list.length;
  if (spec.objectives.length !== 1) issues.fail(origin, ['spec', 'objectives'], 'Vigil evaluates one objective per SLO: split the others into their own SLOs');
  const objective = spec.objectives[0];
  const objectivePath = ['spec', 'objectives', 0];

  let target: Decimal | undefined;
  if ((objective.target === undefined) === (objective.targetPercent === undefined)) {
    issues.fail(origin, objectivePath, 'give exactly one of target (a fraction in (0, 1)) or targetPercent (in (0, 100))');
  } else if (objective.target !== undefined) {
    const fraction = decimalFromNumber(objective.target);
    target = fractionInOpenUnit(fraction) ? fraction : issues.fail(origin, [...objectivePath, 'target'], `must be a fraction in (0, 1) such as 0.999, got ${objective.target}`);
  } else {
    target = percentTarget(issues, origin, [...objectivePath, 'targetPercent'], objective.targetPercent!);
  }

  let indicator: RatioIndicator | undefined;
  if ((spec.indicator === undefined) === (spec.indicatorRef === undefined)) {
    issues.fail(origin, ['spec'], 'give exactly one of indicator or indicatorRef');
  } else if (spec.indicator) {
    indicator = indicatorFrom(issues, origin, ['spec', 'indicator', 'spec'], spec.indicator.spec, objective, objectivePath);
  } else {
    const sli = registry.slis.get(spec.indicatorRef!);
    if (!sli) issues.fail(origin, ['spec', 'indicatorRef'], `no SLI named ${JSON.stringify(spec.indicatorRef)} in the folder`);
    else indicator = indicatorFrom(issues, sli.origin, ['spec'], sli.value.spec, objective, objectivePath);
  }

  const timeWindow = timeWindowFrom(issues, origin, ['spec', 'timeWindow', 0], spec.timeWindow[0]);

  let timeslices: SloDefinition['timeslices'];
  if (spec.budgetingMethod === 'RatioTimeslices') {
    issues.fail(origin, ['spec', 'budgetingMethod'], 'RatioTimeslices is not supported; use Occurrences or Timeslices');
  } else if (spec.budgetingMethod === 'Timeslices') {
    const sliceTarget = objective.timeSliceTarget === undefined ? undefined : decimalFromNumber(objective.timeSliceTarget);
    const slice = typeof objective.timeSliceWindow === 'string' ? parseDuration(objective.timeSliceWindow) : undefined;
    if (!sliceTarget || decimalCompare(sliceTarget, DECIMAL_ZERO) <= 0 || decimalCompare(sliceTarget, DECIMAL_ONE) > 0) {
      issues.fail(origin, [...objectivePath, 'timeSliceTarget'], 'Timeslices needs timeSliceTarget in (0, 1]');
    } else if (slice?.kind !== 'fixed' || slice.millis % options.resolutionMillis !== 0) {
      issues.fail(origin, [...objectivePath, 'timeSliceWindow'], `Timeslices needs timeSliceWindow, a duration that is a multiple of ${formatDuration(options.resolutionMillis)} (e.g. 1m)`);
    } else {
      timeslices = { sliceMillis: slice.millis, sliceTarget };
    }
  }

  let alerts: BurnRateAlertPolicy[] = [];
  if (timeWindow) {
    if (spec.alertPolicies === undefined) {
      alerts = defaultBurnRateAlerts(timeWindow.millis, options.resolutionMillis);
    } else {
      spec.alertPolicies.forEach((policy, index) => {
        if (typeof policy === 'string') {
          const found = registry.policies.get(policy);
          if (!found) issues.fail(origin, ['spec', 'alertPolicies', index], `no AlertPolicy named ${JSON.stringify(policy)} in the folder`);
          else alerts.push(...policyAlerts(issues, registry, found.origin, ['spec'], found.value.spec, options.resolutionMillis));
        } else {
          alerts.push(...policyAlerts(issues, registry, origin, ['spec', 'alertPolicies', index, 'spec'], policy.spec, options.resolutionMillis));
        }
      });
    }
    checkWindows(issues, origin, ['spec', 'timeWindow', 0, 'duration'], timeWindow, alerts);
  }
  const minEvents = minEventsFrom(issues, origin, value.metadata.annotations, options.defaultMinEventsPerLongWindow);
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
    budgetingMethod: spec.budgetingMethod === 'Timeslices' ? 'Timeslices' : 'Occurrences',
    timeslices,
    alerts,
    minEventsPerLongWindow: minEvents,
    labels: labelsFrom(value.metadata.labels),
    origin: { file: origin.file, document: origin.document },
  };
}

function resolveNative(issues: Issues, document: { origin: DocumentOrigin; value: NativeSloDocument }, options: Required<SloLoadOptions>): SloDefinition | undefined {
  const { origin, value } = document;
  const { spec } = value;
  const before = issues.list.length;
  const target = percentTarget(issues, origin, ['spec', 'objective'], spec.objective);
  const duration = parseDuration(spec.window ?? '30d');
  const timeWindow: TimeWindow | undefined =
    duration?.kind === 'fixed' ? { kind: 'rolling', millis: duration.millis } : issues.fail(origin, ['spec', 'window'], `bad rolling window ${JSON.stringify(spec.window)} (e.g. 30d, 4w)`);

  let indicator: RatioIndicator | undefined;
  const kinds = [spec.errors, spec.good, spec.latency].filter((x) => x !== undefined).length;
  if (kinds !== 1) {
    issues.fail(origin, ['spec'], 'give exactly one of errors (with total), good (with total) or latency');
  } else if (spec.latency) {
    const base = selectorAt(issues, origin, ['spec', 'latency', 'histogram'], spec.latency.histogram);
    if (spec.total !== undefined) issues.fail(origin, ['spec', 'total'], 'a latency SLO takes its total from the histogram: drop total');
    else if (base) indicator = histogramIndicator(base, 'lte', spec.latency.threshold);
  } else {
    const numeratorKey = spec.errors !== undefined ? 'errors' : 'good';
    const numeratorSelector = selectorAt(issues, origin, ['spec', numeratorKey], spec.errors ?? spec.good);
    const totalSelector = spec.total === undefined ? issues.fail(origin, ['spec', 'total'], 'total is required with errors or good') : selectorAt(issues, origin, ['spec', 'total'], spec.total);
    if (numeratorSelector && totalSelector) indicator = { numerator: numeratorKey === 'errors' ? 'bad' : 'good', numeratorSelector, totalSelector };
  }

  let alerts: BurnRateAlertPolicy[] = [];
  if (timeWindow) {
    const alerting = spec.alerting ?? 'workbook';
    if (alerting === 'workbook') alerts = defaultBurnRateAlerts(timeWindow.millis, options.resolutionMillis);
    else if (alerting !== 'none') {
      alerting.forEach((alert, index) => {
        const path = ['spec', 'alerting', index];
        const burnRate = typeof alert.burnRate === 'number' ? decimalFromNumber(alert.burnRate) : parseDecimal(alert.burnRate);
        const long = parseDuration(alert.longWindow);
        const short = alert.shortWindow === undefined ? undefined : parseDuration(alert.shortWindow);
        const forDuration = alert.for === undefined ? undefined : parseDuration(alert.for);
        if (!burnRate || decimalCompare(burnRate, DECIMAL_ZERO) <= 0) return issues.fail(origin, [...path, 'burnRate'], 'must be a decimal > 0');
        if (long?.kind !== 'fixed' || long.millis % options.resolutionMillis !== 0) {
          return issues.fail(origin, [...path, 'longWindow'], `must be a duration that is a multiple of ${formatDuration(options.resolutionMillis)}`);
        }
        if (short !== undefined && (short.kind !== 'fixed' || short.millis % options.resolutionMillis !== 0 || short.millis > long.millis)) {
          return issues.fail(origin, [...path, 'shortWindow'], `must be a multiple of ${formatDuration(options.resolutionMillis)} no longer than longWindow`);
        }
        if (forDuration !== undefined && forDuration.kind !== 'fixed') return issues.fail(origin, [...path, 'for'], 'bad duration');
        alerts.push({
          severity: alert.severity,
          burnRate,
          longWindowMillis: long.millis,
          shortWindowMillis: short?.kind === 'fixed' ? short.millis : shortWindowFor(long.millis, options.resolutionMillis),
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

/**
 * Parses a folder's worth of YAML files (name + text; reading them is the caller's job) into SLO
 * definitions. Never throws on bad input: every problem is an issue naming file, document, field.
 * An SLO with any issue is left out; the others are returned.
 */
export function parseSloFiles(files: readonly SourceFile[], options: SloLoadOptions = {}): { definitions: SloDefinition[]; issues: SloConfigIssue[] } {
  const resolved: Required<SloLoadOptions> = {
    resolutionMillis: options.resolutionMillis ?? 60_000,
    defaultMinEventsPerLongWindow: options.defaultMinEventsPerLongWindow ?? DEFAULT_MIN_EVENTS_PER_LONG_WINDOW,
  };
  const issues = new Issues();
  const { documents, issues: documentIssues } = readDocuments(files);
  issues.list.push(...documentIssues);
  const registry: Registry = { slis: new Map(), policies: new Map(), conditions: new Map() };
  const seen = new Map<string, DocumentOrigin>();
  for (const document of documents) {
    const key = `${document.kind === 'NativeSLO' ? 'SLO' : document.kind}/${document.origin.name}`;
    const first = seen.get(key);
    if (first) {
      issues.fail(document.origin, ['metadata', 'name'], `duplicate name: already declared in ${first.file} document ${first.document}`);
      continue;
    }
    seen.set(key, document.origin);
    if (document.kind === 'SLI') registry.slis.set(document.value.metadata.name, document);
    if (document.kind === 'AlertPolicy') registry.policies.set(document.value.metadata.name, document);
    if (document.kind === 'AlertCondition') registry.conditions.set(document.value.metadata.name, document);
  }
  const definitions: SloDefinition[] = [];
  for (const document of documents) {
    if (seen.get(`${document.kind === 'NativeSLO' ? 'SLO' : document.kind}/${document.origin.name}`) !== document.origin) continue;
    const definition =
      document.kind === 'SLO' ? resolveOpenSlo(issues, registry, document, resolved) : document.kind === 'NativeSLO' ? resolveNative(issues, document, resolved) : undefined;
    if (definition) definitions.push(definition);
  }
  return { definitions, issues: issues.list };
}

/** Like parseSloFiles, but all-or-nothing: throws SloConfigError listing every issue. */
export function loadSloDefinitions(files: readonly SourceFile[], options: SloLoadOptions = {}): SloDefinition[] {
  const { definitions, issues } = parseSloFiles(files, options);
  if (issues.length > 0) throw new SloConfigError(issues);
  return definitions;
}
