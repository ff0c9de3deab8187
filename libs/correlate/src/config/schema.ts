/**
 * The YAML shape of an Alertmanager 0.25 configuration, as zod schemas.
 *
 * Objects are strict: an unknown key in a place we know (a typo like `group_wiat`, or a key
 * Alertmanager does not have) is an error naming its path, as Alertmanager's own loader
 * rejects unknown fields. Fields Vigil's notifiers do not use yet are still accepted so that
 * existing configs load; they are kept in the parsed object for `GET /api/v2/status`.
 */
import { z } from 'zod';

const labelMap = z.record(z.string(), z.string());
const stringList = z.array(z.string());
/** http_config and tls_config are passed to the notifier adapters as they are. */
const passthrough = z.record(z.string(), z.unknown());

const timeIntervalRefs = stringList.optional();
/** Go's YAML decoder reads a bare number into a string field, so `group_wait: 0` is valid. */
const durationText = z.union([z.string(), z.number()]).transform((v) => String(v));

export interface RouteYaml {
  receiver?: string;
  group_by?: string[];
  continue?: boolean;
  match?: Record<string, string>;
  match_re?: Record<string, string>;
  matchers?: string[];
  group_wait?: string;
  group_interval?: string;
  repeat_interval?: string;
  mute_time_intervals?: string[];
  active_time_intervals?: string[];
  routes?: RouteYaml[];
}

export const routeSchema: z.ZodType<RouteYaml, z.ZodTypeDef, unknown> = z.lazy(() =>
  z
    .object({
      receiver: z.string().optional(),
      group_by: stringList.optional(),
      continue: z.boolean().optional(),
      match: labelMap.optional(),
      match_re: labelMap.optional(),
      matchers: stringList.optional(),
      group_wait: durationText.optional(),
      group_interval: durationText.optional(),
      repeat_interval: durationText.optional(),
      mute_time_intervals: timeIntervalRefs,
      active_time_intervals: timeIntervalRefs,
      routes: z.array(routeSchema).optional(),
    })
    .strict(),
);

export const inhibitRuleSchema = z
  .object({
    source_match: labelMap.optional(),
    source_match_re: labelMap.optional(),
    source_matchers: stringList.optional(),
    target_match: labelMap.optional(),
    target_match_re: labelMap.optional(),
    target_matchers: stringList.optional(),
    equal: stringList.optional(),
  })
  .strict();

const slackField = z.object({ title: z.string(), value: z.string(), short: z.boolean().optional() }).strict();
const slackAction = passthrough;

export const slackConfigSchema = z
  .object({
    send_resolved: z.boolean().optional(),
    api_url: z.string().optional(),
    api_url_file: z.string().optional(),
    http_config: passthrough.optional(),
    channel: z.string().optional(),
    username: z.string().optional(),
    color: z.string().optional(),
    title: z.string().optional(),
    title_link: z.string().optional(),
    pretext: z.string().optional(),
    text: z.string().optional(),
    fields: z.array(slackField).optional(),
    short_fields: z.boolean().optional(),
    footer: z.string().optional(),
    fallback: z.string().optional(),
    callback_id: z.string().optional(),
    icon_emoji: z.string().optional(),
    icon_url: z.string().optional(),
    image_url: z.string().optional(),
    thumb_url: z.string().optional(),
    link_names: z.boolean().optional(),
    mrkdwn_in: stringList.optional(),
    actions: z.array(slackAction).optional(),
  })
  .strict();

const pagerdutyLink = z.object({ href: z.string(), text: z.string().optional() }).strict();
const pagerdutyImage = z.object({ src: z.string(), alt: z.string().optional(), href: z.string().optional() }).strict();

export const pagerdutyConfigSchema = z
  .object({
    send_resolved: z.boolean().optional(),
    http_config: passthrough.optional(),
    routing_key: z.string().optional(),
    routing_key_file: z.string().optional(),
    service_key: z.string().optional(),
    service_key_file: z.string().optional(),
    url: z.string().optional(),
    client: z.string().optional(),
    client_url: z.string().optional(),
    description: z.string().optional(),
    details: labelMap.optional(),
    images: z.array(pagerdutyImage).optional(),
    links: z.array(pagerdutyLink).optional(),
    source: z.string().optional(),
    severity: z.string().optional(),
    class: z.string().optional(),
    component: z.string().optional(),
    group: z.string().optional(),
  })
  .strict();

export const emailConfigSchema = z
  .object({
    send_resolved: z.boolean().optional(),
    to: z.string().optional(),
    from: z.string().optional(),
    hello: z.string().optional(),
    smarthost: z.string().optional(),
    auth_username: z.string().optional(),
    auth_password: z.string().optional(),
    auth_password_file: z.string().optional(),
    auth_secret: z.string().optional(),
    auth_identity: z.string().optional(),
    headers: labelMap.optional(),
    html: z.string().optional(),
    text: z.string().optional(),
    require_tls: z.boolean().optional(),
    tls_config: passthrough.optional(),
  })
  .strict();

export const webhookConfigSchema = z
  .object({
    send_resolved: z.boolean().optional(),
    http_config: passthrough.optional(),
    url: z.string().optional(),
    url_file: z.string().optional(),
    max_alerts: z.number().int().nonnegative().optional(),
  })
  .strict();

export const receiverSchema = z
  .object({
    name: z.string(),
    slack_configs: z.array(slackConfigSchema).optional(),
    pagerduty_configs: z.array(pagerdutyConfigSchema).optional(),
    email_configs: z.array(emailConfigSchema).optional(),
    webhook_configs: z.array(webhookConfigSchema).optional(),
  })
  .strict();

export const globalSchema = z
  .object({
    resolve_timeout: durationText.optional(),
    http_config: passthrough.optional(),
    smtp_from: z.string().optional(),
    smtp_hello: z.string().optional(),
    smtp_smarthost: z.string().optional(),
    smtp_auth_username: z.string().optional(),
    smtp_auth_password: z.string().optional(),
    smtp_auth_password_file: z.string().optional(),
    smtp_auth_secret: z.string().optional(),
    smtp_auth_identity: z.string().optional(),
    smtp_require_tls: z.boolean().optional(),
    slack_api_url: z.string().optional(),
    slack_api_url_file: z.string().optional(),
    pagerduty_url: z.string().optional(),
  })
  .strict();

export const configSchema = z
  .object({
    global: globalSchema.optional(),
    route: routeSchema.optional(),
    inhibit_rules: z.array(inhibitRuleSchema).optional(),
    receivers: z.array(receiverSchema).optional(),
    templates: stringList.optional(),
    time_intervals: z.array(passthrough).optional(),
    mute_time_intervals: z.array(passthrough).optional(),
  })
  .strict();

export type ConfigYaml = z.infer<typeof configSchema>;
export type InhibitRuleYaml = z.infer<typeof inhibitRuleSchema>;
export type ReceiverYaml = z.infer<typeof receiverSchema>;
