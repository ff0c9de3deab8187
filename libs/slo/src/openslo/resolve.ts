/**
 * Turns validated documents into `SloDefinition`s: resolves indicatorRef / alert policy /
 * condition references across the folder, checks what the schemas cannot (exact target ranges,
 * durations, selectors, alert windows that fit in the SLO window), and applies defaults.
 *
 * Targets: OpenSLO `target` is a fraction in (0, 1) and `targetPercent` a percent in (0, 100),
 * both exclusive (a 100 % objective has no budget to burn); the native `objective` is a percent.
 * All become exact decimals.
 */
import { defaultBurnRateAlerts } from '../burn-rate-policy';
import { errorBudgetOf } from '../budget';
import { DECIMAL_ONE, DECIMAL_ZERO, decimalCompare, decimalFromNumber } from '../decimal';
import type { Decimal } from '../decimal';
import { formatDuration, parseDuration } from '../duration';
import type { BurnRateAlertPolicy, RatioIndicator, SloDefinition } from '../model';
import { readDocuments } from './documents';
import type { DocumentOrigin, ParsedDocument, SourceFile } from './documents';
import { checkWindows, fractionInOpenUnit, Issues, labelsFrom, percentTarget } from './fields';
import { SloConfigError } from './issues';
import type { SloConfigIssue } from './issues';
import { resolveNative } from './native';
import { indicatorFrom, policyAlerts, timeWindowFrom } from './openslo-parts';
import type { Registry } from './openslo-parts';

export interface SloLoadOptions {
  /** Alert windows are rounded to multiples of this; use the engine's resolution. Default 60 000. */
  readonly resolutionMillis?: number;
  /** Low-traffic guard when a document sets none. Default 10 events in the long window. */
  readonly defaultMinEventsPerLongWindow?: number;
}

/** OpenSLO annotation carrying the low-traffic guard (annotations are OpenSLO's extension point). */
export const MIN_EVENTS_ANNOTATION = 'vigil.dev/min-events';
export const DEFAULT_MIN_EVENTS_PER_LONG_WINDOW = 10;

function minEventsFrom(
  issues: Issues,
  origin: DocumentOrigin,
  annotations: Record<string, string> | undefined,
  fallback: number,
): number {
  const raw = annotations?.[MIN_EVENTS_ANNOTATION];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    issues.fail(
      origin,
      ['metadata', 'annotations', MIN_EVENTS_ANNOTATION],
      'must be a whole number of events ≥ 0',
    );
    return fallback;
  }
  return value;
}

function resolveOpenSlo(
  issues: Issues,
  registry: Registry,
  document: Extract<ParsedDocument, { kind: 'SLO' }>,
  options: Required<SloLoadOptions>,
): SloDefinition | undefined {
  const { origin, value } = document;
  const { spec } = value;
  const before = issues.list.length;
  if (spec.objectives.length !== 1)
    issues.fail(
      origin,
      ['spec', 'objectives'],
      'Vigil evaluates one objective per SLO: split the others into their own SLOs',
    );
  const objective = spec.objectives[0];
  const objectivePath = ['spec', 'objectives', 0];

  let target: Decimal | undefined;
  if ((objective.target === undefined) === (objective.targetPercent === undefined)) {
    issues.fail(
      origin,
      objectivePath,
      'give exactly one of target (a fraction in (0, 1)) or targetPercent (in (0, 100))',
    );
  } else if (objective.target !== undefined) {
    const fraction = decimalFromNumber(objective.target);
    target = fractionInOpenUnit(fraction)
      ? fraction
      : issues.fail(
          origin,
          [...objectivePath, 'target'],
          `must be a fraction in (0, 1) such as 0.999, got ${objective.target}`,
        );
  } else {
    target = percentTarget(issues, origin, [...objectivePath, 'targetPercent'], objective.targetPercent!);
  }

  let indicator: RatioIndicator | undefined;
  if ((spec.indicator === undefined) === (spec.indicatorRef === undefined)) {
    issues.fail(origin, ['spec'], 'give exactly one of indicator or indicatorRef');
  } else if (spec.indicator) {
    indicator = indicatorFrom(
      issues,
      origin,
      ['spec', 'indicator', 'spec'],
      spec.indicator.spec,
      objective,
      objectivePath,
    );
  } else {
    const sli = registry.slis.get(spec.indicatorRef!);
    if (!sli)
      issues.fail(
        origin,
        ['spec', 'indicatorRef'],
        `no SLI named ${JSON.stringify(spec.indicatorRef)} in the folder`,
      );
    else indicator = indicatorFrom(issues, sli.origin, ['spec'], sli.value.spec, objective, objectivePath);
  }

  const timeWindow = timeWindowFrom(issues, origin, ['spec', 'timeWindow', 0], spec.timeWindow[0]);

  let timeslices: SloDefinition['timeslices'];
  if (spec.budgetingMethod === 'RatioTimeslices') {
    issues.fail(
      origin,
      ['spec', 'budgetingMethod'],
      'RatioTimeslices is not supported; use Occurrences or Timeslices',
    );
  } else if (spec.budgetingMethod === 'Timeslices') {
    const sliceTarget =
      objective.timeSliceTarget === undefined ? undefined : decimalFromNumber(objective.timeSliceTarget);
    const slice =
      typeof objective.timeSliceWindow === 'string' ? parseDuration(objective.timeSliceWindow) : undefined;
    if (
      !sliceTarget ||
      decimalCompare(sliceTarget, DECIMAL_ZERO) <= 0 ||
      decimalCompare(sliceTarget, DECIMAL_ONE) > 0
    ) {
      issues.fail(
        origin,
        [...objectivePath, 'timeSliceTarget'],
        'Timeslices needs timeSliceTarget in (0, 1]',
      );
    } else if (slice?.kind !== 'fixed' || slice.millis % options.resolutionMillis !== 0) {
      issues.fail(
        origin,
        [...objectivePath, 'timeSliceWindow'],
        `Timeslices needs timeSliceWindow, a duration that is a multiple of ${formatDuration(options.resolutionMillis)} (e.g. 1m)`,
      );
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
          if (!found)
            issues.fail(
              origin,
              ['spec', 'alertPolicies', index],
              `no AlertPolicy named ${JSON.stringify(policy)} in the folder`,
            );
          else
            alerts.push(
              ...policyAlerts(
                issues,
                registry,
                found.origin,
                ['spec'],
                found.value.spec,
                options.resolutionMillis,
              ),
            );
        } else {
          alerts.push(
            ...policyAlerts(
              issues,
              registry,
              origin,
              ['spec', 'alertPolicies', index, 'spec'],
              policy.spec,
              options.resolutionMillis,
            ),
          );
        }
      });
    }
    checkWindows(issues, origin, ['spec', 'timeWindow', 0, 'duration'], timeWindow, alerts);
  }
  const minEvents = minEventsFrom(
    issues,
    origin,
    value.metadata.annotations,
    options.defaultMinEventsPerLongWindow,
  );
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

/**
 * Parses a folder's worth of YAML files (name + text; reading them is the caller's job) into SLO
 * definitions. Never throws on bad input: every problem is an issue naming file, document, field.
 * An SLO with any issue is left out; the others are returned.
 */
export function parseSloFiles(
  files: readonly SourceFile[],
  options: SloLoadOptions = {},
): { definitions: SloDefinition[]; issues: SloConfigIssue[] } {
  const resolved: Required<SloLoadOptions> = {
    resolutionMillis: options.resolutionMillis ?? 60_000,
    defaultMinEventsPerLongWindow:
      options.defaultMinEventsPerLongWindow ?? DEFAULT_MIN_EVENTS_PER_LONG_WINDOW,
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
      issues.fail(
        document.origin,
        ['metadata', 'name'],
        `duplicate name: already declared in ${first.file} document ${first.document}`,
      );
      continue;
    }
    seen.set(key, document.origin);
    if (document.kind === 'SLI') registry.slis.set(document.value.metadata.name, document);
    if (document.kind === 'AlertPolicy') registry.policies.set(document.value.metadata.name, document);
    if (document.kind === 'AlertCondition') registry.conditions.set(document.value.metadata.name, document);
  }
  const definitions: SloDefinition[] = [];
  for (const document of documents) {
    if (
      seen.get(`${document.kind === 'NativeSLO' ? 'SLO' : document.kind}/${document.origin.name}`) !==
      document.origin
    )
      continue;
    const definition =
      document.kind === 'SLO'
        ? resolveOpenSlo(issues, registry, document, resolved)
        : document.kind === 'NativeSLO'
          ? resolveNative(issues, document, resolved)
          : undefined;
    if (definition) definitions.push(definition);
  }
  return { definitions, issues: issues.list };
}

/** Like parseSloFiles, but all-or-nothing: throws SloConfigError listing every issue. */
export function loadSloDefinitions(
  files: readonly SourceFile[],
  options: SloLoadOptions = {},
): SloDefinition[] {
  const { definitions, issues } = parseSloFiles(files, options);
  if (issues.length > 0) throw new SloConfigError(issues);
  return definitions;
}
