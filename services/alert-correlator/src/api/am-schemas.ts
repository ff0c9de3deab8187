/**
 * Request and response shapes of Alertmanager's API v2, written from its OpenAPI description
 * (`api/v2/openapi.yaml`, swagger 2.0) as zod schemas: requests are parsed with them, and the
 * tests validate every response body against them (strict objects where the spec lists all
 * properties, so an extra or a missing field shows).
 */
import { z } from 'zod';

const dateTime = z.string().datetime({ offset: true });
export const labelSetSchema = z.record(z.string(), z.string());
export const receiverSchema = z.object({ name: z.string() }).strict();
export const matcherSchema = z.object({ name: z.string(), value: z.string(), isRegex: z.boolean(), isEqual: z.boolean().optional() }).strict();

export const postableAlertSchema = z
  .object({
    labels: labelSetSchema,
    annotations: labelSetSchema.optional(),
    startsAt: dateTime.optional(),
    endsAt: dateTime.optional(),
    generatorURL: z.string().optional(),
  })
  .passthrough();
export const postableAlertsSchema = z.array(postableAlertSchema);

export const alertStatusSchema = z
  .object({ state: z.enum(['unprocessed', 'active', 'suppressed']), silencedBy: z.array(z.string()), inhibitedBy: z.array(z.string()) })
  .strict();
export const gettableAlertSchema = z
  .object({
    labels: labelSetSchema,
    generatorURL: z.string().optional(),
    annotations: labelSetSchema,
    receivers: z.array(receiverSchema),
    fingerprint: z.string(),
    startsAt: dateTime,
    updatedAt: dateTime,
    endsAt: dateTime,
    status: alertStatusSchema,
  })
  .strict();
export const gettableAlertsSchema = z.array(gettableAlertSchema);
export const alertGroupSchema = z.object({ labels: labelSetSchema, receiver: receiverSchema, alerts: z.array(gettableAlertSchema) }).strict();
export const alertGroupsSchema = z.array(alertGroupSchema);

const silenceFields = {
  matchers: z.array(matcherSchema).min(1, 'at least one matcher required'),
  startsAt: dateTime,
  endsAt: dateTime,
  createdBy: z.string(),
  comment: z.string(),
};
export const postableSilenceSchema = z.object({ id: z.string().optional(), ...silenceFields }).strict();
export const gettableSilenceSchema = z
  .object({ id: z.string(), status: z.object({ state: z.enum(['expired', 'active', 'pending']) }).strict(), updatedAt: dateTime, ...silenceFields })
  .strict();
export const gettableSilencesSchema = z.array(gettableSilenceSchema);
export const postSilenceResponseSchema = z.object({ silenceID: z.string() }).strict();

export const alertmanagerStatusSchema = z
  .object({
    cluster: z
      .object({
        name: z.string().optional(),
        status: z.enum(['ready', 'settling', 'disabled']),
        peers: z.array(z.object({ name: z.string(), address: z.string() }).strict()).optional(),
      })
      .strict(),
    versionInfo: z
      .object({ version: z.string(), revision: z.string(), branch: z.string(), buildUser: z.string(), buildDate: z.string(), goVersion: z.string() })
      .strict(),
    config: z.object({ original: z.string() }).strict(),
    uptime: dateTime,
  })
  .strict();
export const receiversSchema = z.array(receiverSchema);

export type GettableAlert = z.infer<typeof gettableAlertSchema>;
export type GettableSilence = z.infer<typeof gettableSilenceSchema>;
export type AlertGroupBody = z.infer<typeof alertGroupSchema>;
