import { ConfigError } from '@vigil/config';
import { CapacityConfigError, DEFAULT_RESOURCES, RESOURCE_KINDS, parseCapacityConfig, type ResourceConfig, type RuleSettings } from '@vigil/forecast';
import { z } from 'zod';
import { SelectorSyntaxError, SeriesMatcher, parseSeriesSelector } from '@vigil/prom-syntax';

const SECTION = 'services.capacity-planner';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** One forecast horizon: `steps` points `stepMillis` apart, from a rollup of that resolution. */
export interface Horizon {
  /** Short name used in metrics, ids and the CLI (`48h`, `30d`). */
  readonly name: string;
  readonly stepMillis: number;
  readonly steps: number;
  /** History read for it, in steps. */
  readonly historySteps: number;
}

/**
 * `services.capacity-planner` in the config file. The capacity keys (`thresholds`, `rules`,
 * `resources`) are @vigil/forecast's (libs/forecast/README.md), plus `selector` per resource.
 */
const sectionSchema = z
  .object({
    /** How often each owned series is forecast (cycles are aligned to multiples of it on the clock). */
    intervalMillis: z.number().int().min(1_000).default(300_000),
    /** How often the (possibly simulated) clock is looked at to start a due cycle. */
    pollIntervalMillis: z.number().int().min(10).max(60_000).default(1_000),
    /** Hourly history read for the 48 h horizon (6 weeks: the forecaster's maxHistoryPoints). */
    hourlyHistoryDays: z.number().int().min(2).max(400).default(42),
    /** Daily history read for the 30 d horizon. */
    dailyHistoryDays: z.number().int().min(7).max(400).default(365),
    thresholds: z.unknown().optional(),
    rules: z.unknown().optional(),
    resources: z.array(z.unknown()).optional(),
  })
  .strict();

/** A configured resource with its series matcher. */
export interface PlannedResource {
  readonly config: ResourceConfig;
  /** Usage metric names read from the store (expressions such as `a - b` are not read yet). */
  readonly usageMetrics: readonly string[];
  readonly limitMetrics: readonly string[];
  /** Label matchers from `selector`; undefined = every series of the usage metrics. */
  readonly matcher?: SeriesMatcher;
}

export interface CapacityPlannerSettings {
  readonly intervalMillis: number;
  readonly pollIntervalMillis: number;
  readonly horizons: readonly Horizon[];
  readonly rules: RuleSettings;
  readonly resources: readonly PlannedResource[];
}

/**
 * Resources used when the config lists none: every kind that needs no fixed capacity (it is a
 * 0–1 utilisation, or it has a limit metric to compare with).
 */
export const DEFAULT_PLANNED_KINDS = RESOURCE_KINDS.filter((kind) => DEFAULT_RESOURCES[kind].defaultCapacity !== undefined || DEFAULT_RESOURCES[kind].limitMetrics.length > 0);

const plainMetric = (name: string) => !/\s/.test(name);

/**
 * Parses and validates the section once at start. Every bad key is named with its full path
 * (`services.capacity-planner.resources.1.thresholds.critical: must be at most 1`).
 */
export function parseCapacityPlannerSettings(raw: unknown): CapacityPlannerSettings {
  const parsed = sectionSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${[SECTION, ...i.path].join('.')}: ${i.message}`));
  }
  const section = parsed.data;
  const issues: string[] = [];
  const selectors: (string | undefined)[] = [];
  const resourceInputs = (section.resources ?? DEFAULT_PLANNED_KINDS.map((kind) => ({ name: kind, kind }))).map((entry, index) => {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return entry;
    const { selector, ...rest } = entry as Record<string, unknown>;
    if (selector !== undefined && typeof selector !== 'string') issues.push(`${SECTION}.resources.${index}.selector: expected a string`);
    selectors.push(typeof selector === 'string' ? selector : undefined);
    return rest;
  });

  let capacity;
  try {
    capacity = parseCapacityConfig({ thresholds: section.thresholds, rules: section.rules, resources: resourceInputs });
  } catch (error) {
    if (!(error instanceof CapacityConfigError)) throw error;
    throw new ConfigError([...issues, ...error.issues.map((issue) => `${SECTION}.${issue}`)]);
  }

  const resources = capacity.resources.map((config, index): PlannedResource => {
    const text = selectors[index];
    let matcher: SeriesMatcher | undefined;
    let usageMetrics = config.usageMetrics.filter(plainMetric);
    if (text !== undefined) {
      try {
        const selector = parseSeriesSelector(text);
        matcher = new SeriesMatcher(selector);
        if (selector.metric !== undefined) usageMetrics = [selector.metric];
      } catch (error) {
        if (!(error instanceof SelectorSyntaxError)) throw error;
        issues.push(`${SECTION}.resources.${index}.selector: ${error.message}`);
      }
    }
    if (usageMetrics.length === 0) issues.push(`${SECTION}.resources.${index}.usageMetric: no plain metric name to read (expressions are not supported)`);
    return { config, usageMetrics, limitMetrics: config.limitMetrics.filter(plainMetric), matcher };
  });
  if (issues.length > 0) throw new ConfigError(issues);

  return Object.freeze({
    intervalMillis: section.intervalMillis,
    pollIntervalMillis: section.pollIntervalMillis,
    horizons: Object.freeze([
      { name: '48h', stepMillis: HOUR, steps: 48, historySteps: section.hourlyHistoryDays * 24 },
      { name: '30d', stepMillis: DAY, steps: 30, historySteps: section.dailyHistoryDays },
    ]),
    rules: capacity.rules,
    resources: Object.freeze(resources),
  });
}
