/**
 * The validated, normalised configuration: what routing, inhibition and the notifiers read.
 * Durations are milliseconds, defaults applied, matchers parsed; plain data, so it can be
 * frozen, compared on hot reload and serialised.
 */
import type { MatcherSpec } from '../labels/matcher';

export interface RouteConfig {
  readonly receiver?: string;
  /** Labels to group by; undefined = inherit from the parent route. */
  readonly groupBy?: readonly string[];
  /** `group_by: ['...']`: every label is a group label. */
  readonly groupByAll?: boolean;
  readonly continue: boolean;
  /** `match`, `match_re` and `matchers` merged and sorted as Alertmanager does. */
  readonly matchers: readonly MatcherSpec[];
  readonly groupWaitMillis?: number;
  readonly groupIntervalMillis?: number;
  readonly repeatIntervalMillis?: number;
  readonly routes: readonly RouteConfig[];
}

export interface InhibitRuleConfig {
  readonly sourceMatchers: readonly MatcherSpec[];
  readonly targetMatchers: readonly MatcherSpec[];
  readonly equal: readonly string[];
}

interface IntegrationBase {
  /** Position among the receiver's configs of this kind: part of the notification-log key. */
  readonly index: number;
  readonly sendResolved: boolean;
  /** http_config / tls_config as written, for the notifier adapter. */
  readonly httpConfig?: Readonly<Record<string, unknown>>;
}

export interface SlackIntegrationConfig extends IntegrationBase {
  readonly kind: 'slack';
  readonly apiUrl: string;
  readonly channel?: string;
  readonly username?: string;
  readonly iconEmoji?: string;
  readonly iconUrl?: string;
  readonly title?: string;
  readonly titleLink?: string;
  readonly text?: string;
  readonly color?: string;
}

export interface PagerdutyIntegrationConfig extends IntegrationBase {
  readonly kind: 'pagerduty';
  /** Events API v2 routing key (or the v1 service key, sent as the routing key). */
  readonly routingKey: string;
  readonly url: string;
  readonly client?: string;
  readonly clientUrl?: string;
  readonly severity?: string;
  readonly class?: string;
  readonly component?: string;
  readonly group?: string;
  readonly source?: string;
  readonly details?: Readonly<Record<string, string>>;
}

export interface EmailIntegrationConfig extends IntegrationBase {
  readonly kind: 'email';
  readonly to: string;
  readonly from: string;
  readonly smarthost: string;
  readonly hello: string;
  readonly requireTls: boolean;
  readonly authUsername?: string;
  readonly authPassword?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly tlsConfig?: Readonly<Record<string, unknown>>;
}

export interface WebhookIntegrationConfig extends IntegrationBase {
  readonly kind: 'webhook';
  readonly url: string;
  /** 0 = all alerts; otherwise the payload carries at most this many (Alertmanager's rule). */
  readonly maxAlerts: number;
}

export type IntegrationConfig =
  | SlackIntegrationConfig
  | PagerdutyIntegrationConfig
  | EmailIntegrationConfig
  | WebhookIntegrationConfig;

export type IntegrationKind = IntegrationConfig['kind'];

export interface ReceiverConfig {
  readonly name: string;
  readonly integrations: readonly IntegrationConfig[];
}

export interface AlertmanagerConfig {
  readonly resolveTimeoutMillis: number;
  readonly route: RouteConfig;
  readonly inhibitRules: readonly InhibitRuleConfig[];
  readonly receivers: readonly ReceiverConfig[];
  readonly templates: readonly string[];
  /** The YAML as given, for `GET /api/v2/status`. */
  readonly original: string;
}
