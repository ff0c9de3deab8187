/**
 * Capacity configuration, validated once with zod. Errors name the offending key
 * (`resources.2.thresholds.warning: …`) so a bad file fails at start with a useful message.
 */
import { z } from 'zod';
import { DEFAULT_RESOURCES, RESOURCE_KINDS } from './resources';
import type { ResourceKind } from './resources';

export const DEFAULT_THRESHOLDS = { warning: 0.8, critical: 0.9 } as const;

const ratio = z.number().gt(0, 'must be above 0').lte(1, 'must be at most 1');

const thresholdsSchema = z
  .object({ warning: ratio.optional(), critical: ratio.optional() })
  .strict();

const rulesSchema = z
  .object({
    /** A point-forecast critical crossing sooner than this is an emergency. */
    immediateWithinMillis: z.number().int().positive().optional(),
    /** Peak upper-95 % utilisation below this fraction of the warning threshold suggests scaling down. */
    scaleDownBelowFractionOfWarning: z.number().gt(0).lt(1).optional(),
  })
  .strict();

const resourceSchema = z
  .object({
    name: z.string().min(1),
    kind: z.enum(RESOURCE_KINDS),
    usageMetric: z.string().min(1).optional(),
    limitMetric: z.string().min(1).optional(),
    /** Fixed capacity in the usage unit, used when there is no limit series. */
    capacity: z.number().positive().optional(),
    /** Current replica count, for resources scaled by replicas. */
    replicas: z.number().int().positive().optional(),
    thresholds: thresholdsSchema.optional(),
  })
  .strict();

export const capacityConfigSchema = z
  .object({
    thresholds: thresholdsSchema.optional(),
    rules: rulesSchema.optional(),
    resources: z.array(resourceSchema).min(1),
  })
  .strict();

export type CapacityConfigInput = z.input<typeof capacityConfigSchema>;

export interface Thresholds {
  readonly warning: number;
  readonly critical: number;
}

export interface RuleSettings {
  readonly immediateWithinMillis: number;
  readonly scaleDownBelowFractionOfWarning: number;
}

export interface ResourceConfig {
  readonly name: string;
  readonly kind: ResourceKind;
  readonly usageMetrics: readonly string[];
  readonly limitMetrics: readonly string[];
  readonly capacity?: number;
  readonly replicas?: number;
  readonly scaling: 'replicas' | 'capacity';
  readonly unit: string;
  readonly thresholds: Thresholds;
}

export interface CapacityConfig {
  readonly rules: RuleSettings;
  readonly resources: readonly ResourceConfig[];
}

export const DEFAULT_RULES: RuleSettings = { immediateWithinMillis: 24 * 3_600_000, scaleDownBelowFractionOfWarning: 0.5 };

export class CapacityConfigError extends Error {
  constructor(readonly issues: readonly string[]) {
    super(`invalid capacity config: ${issues.join('; ')}`);
    this.name = 'CapacityConfigError';
  }
}

/** Validates and fills defaults; throws CapacityConfigError listing every bad key. */
export function parseCapacityConfig(input: unknown): CapacityConfig {
  const parsed = capacityConfigSchema.safeParse(input);
  if (!parsed.success) {
    throw new CapacityConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`));
  }
  const issues: string[] = [];
  const seen = new Set<string>();
  const resources = parsed.data.resources.map((r, index): ResourceConfig => {
    const defaults = DEFAULT_RESOURCES[r.kind];
    const thresholds = { ...DEFAULT_THRESHOLDS, ...parsed.data.thresholds, ...r.thresholds };
    if (thresholds.warning >= thresholds.critical) issues.push(`resources.${index}.thresholds.warning: must be below critical (${thresholds.warning} ≥ ${thresholds.critical})`);
    if (seen.has(r.name)) issues.push(`resources.${index}.name: duplicate resource name "${r.name}"`);
    seen.add(r.name);
    const capacity = r.capacity ?? defaults.defaultCapacity;
    const limitMetrics = r.limitMetric ? [r.limitMetric] : defaults.limitMetrics;
    if (capacity === undefined && limitMetrics.length === 0) issues.push(`resources.${index}.capacity: required for kind "${r.kind}" (it has no limit metric)`);
    return {
      name: r.name,
      kind: r.kind,
      usageMetrics: r.usageMetric ? [r.usageMetric] : defaults.usageMetrics,
      limitMetrics,
      capacity,
      replicas: r.replicas,
      scaling: defaults.scaling,
      unit: defaults.unit,
      thresholds,
    };
  });
  if (parsed.data.thresholds) {
    const t = { ...DEFAULT_THRESHOLDS, ...parsed.data.thresholds };
    if (t.warning >= t.critical) issues.push(`thresholds.warning: must be below critical (${t.warning} ≥ ${t.critical})`);
  }
  if (issues.length) throw new CapacityConfigError(issues);
  return Object.freeze({ rules: { ...DEFAULT_RULES, ...parsed.data.rules }, resources: Object.freeze(resources) });
}
