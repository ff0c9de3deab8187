/**
 * Zod schemas for the documents Vigil reads: OpenSLO v1 (`apiVersion: openslo/v1`: SLO, SLI,
 * AlertPolicy, AlertCondition, plus Service / DataSource / AlertNotificationTarget, which are
 * validated and otherwise ignored) and Vigil's compact form (`apiVersion: vigil/v1`, kind SLO).
 * Every object is strict: an unknown field is an error, because a misspelt `targt` silently
 * ignored is an SLO nobody is watching. Range checks that need exact decimals live in resolve.ts.
 */
import { z } from 'zod';

const nameSchema = z
  .string()
  .min(1)
  .max(253)
  .regex(
    /^[a-z0-9]([-a-z0-9._]*[a-z0-9])?$/,
    'must be lowercase letters, digits, "-", "_" or "." (a DNS-style name)',
  );

export const metadataSchema = z
  .object({
    name: nameSchema,
    displayName: z.string().optional(),
    labels: z.record(z.union([z.string(), z.array(z.string())])).optional(),
    annotations: z.record(z.string()).optional(),
  })
  .strict();

export const durationText = z.string({ invalid_type_error: 'must be a duration such as 5m, 1h, 28d' });

/** Where a counter comes from: a PromQL-style selector over Vigil's own metrics. */
export const metricSourceSchema = z
  .object({
    metricSourceRef: z.string().optional(),
    type: z.string().optional(),
    spec: z
      .object({
        selector: z.string().optional(),
        /** Accepted as a synonym so `type: Prometheus` sources holding a plain selector work. */
        query: z.string().optional(),
      })
      .strict(),
  })
  .strict();

const sourceHolder = z.object({ metricSource: metricSourceSchema }).strict();

export const sliSpecSchema = z
  .object({
    description: z.string().max(1050).optional(),
    thresholdMetric: sourceHolder.optional(),
    ratioMetric: z
      .object({
        counter: z.boolean(),
        good: sourceHolder.optional(),
        bad: sourceHolder.optional(),
        total: sourceHolder.optional(),
        rawType: z.enum(['success', 'failure']).optional(),
        raw: sourceHolder.optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export const sliDocumentSchema = z
  .object({
    apiVersion: z.literal('openslo/v1'),
    kind: z.literal('SLI'),
    metadata: metadataSchema,
    spec: sliSpecSchema,
  })
  .strict();

export const alertConditionSpecSchema = z
  .object({
    description: z.string().optional(),
    severity: z.string().min(1),
    condition: z
      .object({
        kind: z.literal('burnrate', { errorMap: () => ({ message: 'only kind: burnrate is supported' }) }),
        op: z.enum(['gt', 'gte', 'lt', 'lte']),
        threshold: z.number(),
        lookbackWindow: durationText,
        alertAfter: durationText.optional(),
      })
      .strict(),
  })
  .strict();

export const alertConditionDocumentSchema = z
  .object({
    apiVersion: z.literal('openslo/v1'),
    kind: z.literal('AlertCondition'),
    metadata: metadataSchema,
    spec: alertConditionSpecSchema,
  })
  .strict();

const inlineConditionSchema = z
  .object({ kind: z.literal('AlertCondition'), metadata: metadataSchema, spec: alertConditionSpecSchema })
  .strict();

const notificationTargetSchema = z.union([
  z.object({ targetRef: z.string() }).strict(),
  z
    .object({
      kind: z.literal('AlertNotificationTarget'),
      metadata: metadataSchema,
      spec: z.record(z.unknown()),
    })
    .strict(),
]);

export const alertPolicySpecSchema = z
  .object({
    description: z.string().optional(),
    alertWhenNoData: z.boolean().optional(),
    alertWhenResolved: z.boolean().optional(),
    alertWhenBreaching: z.boolean().optional(),
    conditions: z
      .array(z.union([z.object({ conditionRef: z.string() }).strict(), inlineConditionSchema]))
      .min(1),
    notificationTargets: z.array(notificationTargetSchema).optional(),
  })
  .strict();

export const alertPolicyDocumentSchema = z
  .object({
    apiVersion: z.literal('openslo/v1'),
    kind: z.literal('AlertPolicy'),
    metadata: metadataSchema,
    spec: alertPolicySpecSchema,
  })
  .strict();

const inlineAlertPolicySchema = z
  .object({ kind: z.literal('AlertPolicy'), metadata: metadataSchema, spec: alertPolicySpecSchema })
  .strict();

export const objectiveSchema = z
  .object({
    displayName: z.string().optional(),
    op: z.enum(['lte', 'gte', 'lt', 'gt']).optional(),
    value: z.number().optional(),
    target: z.number().optional(),
    targetPercent: z.number().optional(),
    timeSliceTarget: z.number().optional(),
    timeSliceWindow: z.union([durationText, z.number()]).optional(),
  })
  .strict();

export const timeWindowSchema = z
  .object({
    duration: durationText,
    isRolling: z.boolean().optional(),
    calendar: z.object({ startTime: z.string(), timeZone: z.string() }).strict().optional(),
  })
  .strict();

export const sloSpecSchema = z
  .object({
    description: z.string().max(1050).optional(),
    service: z.string().min(1),
    indicator: z.object({ metadata: metadataSchema, spec: sliSpecSchema }).strict().optional(),
    indicatorRef: z.string().optional(),
    timeWindow: z.array(timeWindowSchema).length(1, 'must hold exactly one time window'),
    budgetingMethod: z.enum(['Occurrences', 'Timeslices', 'RatioTimeslices']),
    objectives: z.array(objectiveSchema).min(1),
    alertPolicies: z.array(z.union([z.string(), inlineAlertPolicySchema])).optional(),
  })
  .strict();

export const sloDocumentSchema = z
  .object({
    apiVersion: z.literal('openslo/v1'),
    kind: z.literal('SLO'),
    metadata: metadataSchema,
    spec: sloSpecSchema,
  })
  .strict();

/** Documents accepted for completeness of a folder; Vigil takes nothing from them. */
export const passiveDocumentSchema = z
  .object({
    apiVersion: z.literal('openslo/v1'),
    kind: z.enum(['Service', 'DataSource', 'AlertNotificationTarget']),
    metadata: metadataSchema,
    spec: z.record(z.unknown()),
  })
  .strict();

/** Vigil's compact form for the common case: one service, one ratio or latency SLI, workbook alerts. */
export const nativeSloDocumentSchema = z
  .object({
    apiVersion: z.literal('vigil/v1'),
    kind: z.literal('SLO'),
    metadata: metadataSchema,
    spec: z
      .object({
        service: z.string().min(1),
        description: z.string().optional(),
        /** Percent in (0, 100): 99.9 means 99.9 %. */
        objective: z.union([z.number(), z.string()]),
        /** Rolling window, e.g. 30d (default 30d). */
        window: durationText.optional(),
        errors: z.string().optional(),
        good: z.string().optional(),
        total: z.string().optional(),
        latency: z.object({ histogram: z.string(), threshold: z.number().positive() }).strict().optional(),
        alerting: z
          .union([
            z.enum(['workbook', 'none']),
            z.array(
              z
                .object({
                  severity: z.string().min(1),
                  burnRate: z.union([z.number().positive(), z.string()]),
                  longWindow: durationText,
                  shortWindow: durationText.optional(),
                  for: durationText.optional(),
                })
                .strict(),
            ),
          ])
          .optional(),
        minEvents: z.number().int().nonnegative().optional(),
        labels: z.record(z.string()).optional(),
      })
      .strict(),
  })
  .strict();

export type SliSpec = z.infer<typeof sliSpecSchema>;
export type SloSpec = z.infer<typeof sloSpecSchema>;
export type AlertPolicySpec = z.infer<typeof alertPolicySpecSchema>;
export type AlertConditionSpec = z.infer<typeof alertConditionSpecSchema>;
export type Metadata = z.infer<typeof metadataSchema>;
export type NativeSloDocument = z.infer<typeof nativeSloDocumentSchema>;
