import { z } from 'zod/v4';

/** Response shapes of Vigil's derived events (times as RFC 3339). */
const labels = z.record(z.string(), z.string());

export const anomalySchema = z.object({
  id: z.string(), fingerprint: z.string(), metric: z.string(), labels, time: z.string(), value: z.number(), expected: z.number(),
  lowerBound: z.number(), upperBound: z.number(), score: z.number(), type: z.string(), severity: z.string(), explanation: z.string(),
});
export const forecastSchema = z.object({
  id: z.string(), fingerprint: z.string(), metric: z.string(), labels, generatedAt: z.string(), stepMillis: z.number(),
  points: z.array(z.object({ time: z.string(), value: z.number(), lower95: z.number(), upper95: z.number() })),
  threshold: z.number().nullable(), breachAt: z.string().nullable(), action: z.string(), model: z.string(), explanation: z.string(),
});
export const alertSchema = z.object({
  fingerprint: z.string(), status: z.string(), labels, annotations: labels, startsAt: z.string(), endsAt: z.string().nullable(), source: z.string(), updatedAt: z.string(),
});
export const incidentSchema = z.object({
  id: z.string(), revision: z.number(), status: z.string(), title: z.string(), severity: z.string(), memberAlertFingerprints: z.array(z.string()),
  services: z.array(z.string()), rootCauseService: z.string(), rootCauseReason: z.string(), openedAt: z.string(), updatedAt: z.string(), resolvedAt: z.string().nullable(),
});
export const insightSchema = z.object({
  id: z.string(), category: z.string(), severity: z.string(), score: z.number(), title: z.string(), summary: z.string(), recommendation: z.string(),
  services: z.array(z.string()), createdAt: z.string(), updatedAt: z.string(),
  evidence: z.array(z.object({ kind: z.string(), ref: z.string(), description: z.string() })),
});
export const sloStatusSchema = z.object({
  slo: z.string(), service: z.string(), time: z.string(), target: z.string(), compliance: z.number().nullable(), budgetRemaining: z.number().nullable(),
  burnRates: z.record(z.string(), z.number()), firing: z.array(z.string()), noData: z.boolean(), exhaustionAt: z.string().nullable(),
});
