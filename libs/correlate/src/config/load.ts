/**
 * Loads an Alertmanager 0.25 YAML configuration: YAML → zod shape (unknown keys rejected with
 * their path) → the semantic checks Alertmanager's loader makes (receivers defined and unique,
 * root route rules, group_by, durations, matchers, per-integration required fields) → the
 * normalised `AlertmanagerConfig`. Every problem found is reported at once, each with its path.
 */
import { parseDocument } from 'yaml';
import type { ZodIssue } from 'zod';
import type { MatcherSpec } from '../labels/matcher';
import { compareMatchers, isValidLabelName, parseMatchers } from '../labels/matcher';
import { compileAnchored } from '../labels/regex';
import type {
  AlertmanagerConfig,
  InhibitRuleConfig,
  IntegrationConfig,
  ReceiverConfig,
  RouteConfig,
} from './config.types';
import { parseDurationMillis } from './duration';
import type { ConfigYaml, InhibitRuleYaml, ReceiverYaml, RouteYaml } from './schema';
import { configSchema } from './schema';

export interface ConfigIssue {
  /** Where, e.g. `receivers[0].slack_configs[1].api_url`. */
  readonly path: string;
  readonly message: string;
}

/** A configuration that cannot be loaded; `issues` lists every problem found. */
export class ConfigError extends Error {
  constructor(readonly issues: readonly ConfigIssue[]) {
    super(`invalid Alertmanager configuration:\n${issues.map((i) => `  ${i.path || '(root)'}: ${i.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export const DEFAULT_RESOLVE_TIMEOUT_MILLIS = 5 * 60_000;
export const DEFAULT_PAGERDUTY_URL = 'https://events.pagerduty.com/v2/enqueue';

function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out ? `.${part}` : part;
  return out;
}

function zodIssues(issues: readonly ZodIssue[]): ConfigIssue[] {
  return issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.length === 1
        ? { path: formatPath([...issue.path, issue.keys[0]]), message: 'unknown field' }
        : { path: formatPath(issue.path), message: `unknown fields: ${issue.keys.join(', ')}` };
    }
    return { path: formatPath(issue.path), message: issue.message };
  });
}

/** Collects issues while walking the parsed YAML. */
class Checker {
  readonly issues: ConfigIssue[] = [];
  add(path: string, message: string): void {
    this.issues.push({ path, message });
  }

  duration(path: string, text: string | undefined): number | undefined {
    if (text === undefined) return undefined;
    try {
      return parseDurationMillis(text);
    } catch (error) {
      this.add(path, (error as Error).message);
      return undefined;
    }
  }

  /** Legacy `match` / `match_re` plus `matchers:` strings, merged and sorted. */
  matchers(path: string, match?: Record<string, string>, matchRe?: Record<string, string>, strings?: string[]): MatcherSpec[] {
    const out: MatcherSpec[] = [];
    const prefix = path ? `${path}.` : '';
    for (const [name, value] of Object.entries(match ?? {})) {
      if (!isValidLabelName(name)) this.add(`${prefix}match.${name}`, `invalid label name "${name}"`);
      else out.push({ type: '=', name, value });
    }
    for (const [name, value] of Object.entries(matchRe ?? {})) {
      if (!isValidLabelName(name)) this.add(`${prefix}match_re.${name}`, `invalid label name "${name}"`);
      try {
        compileAnchored(value);
        // Alertmanager 0.25 keeps the compiled, anchored form of a legacy match_re value, and
        // that form is what appears in route keys (`{service=~"^(?:api|web)$"}`).
        out.push({ type: '=~', name, value: `^(?:${value})$` });
      } catch (error) {
        this.add(`${prefix}match_re.${name}`, (error as Error).message);
      }
    }
    (strings ?? []).forEach((text, i) => {
      try {
        out.push(...parseMatchers(text));
      } catch (error) {
        this.add(`${prefix}matchers[${i}]`, (error as Error).message);
      }
    });
    return out.sort(compareMatchers);
  }
}

function loadRoute(check: Checker, yaml: RouteYaml, path: string, receivers: Set<string>): RouteConfig {
  const at = (key: string): string => (path ? `${path}.${key}` : key);
  if (yaml.receiver !== undefined && !receivers.has(yaml.receiver)) {
    check.add(at('receiver'), `undefined receiver "${yaml.receiver}" used in route`);
  }
  let groupBy: string[] | undefined;
  let groupByAll = false;
  if (yaml.group_by) {
    groupBy = [];
    const seen = new Set<string>();
    for (const label of yaml.group_by) {
      if (label === '...') {
        groupByAll = true;
        continue;
      }
      if (!isValidLabelName(label)) check.add(at('group_by'), `invalid label name "${label}" in group_by list`);
      if (seen.has(label)) check.add(at('group_by'), `duplicated label "${label}" in group_by`);
      seen.add(label);
      groupBy.push(label);
    }
    if (groupByAll && yaml.group_by.length > 1) {
      check.add(at('group_by'), 'cannot have wildcard group_by (`...`) and other labels at the same time');
    }
  }
  for (const key of ['mute_time_intervals', 'active_time_intervals'] as const) {
    if (yaml[key]?.length) check.add(at(key), 'time intervals are not supported by Vigil yet');
  }
  const groupIntervalMillis = check.duration(at('group_interval'), yaml.group_interval);
  const repeatIntervalMillis = check.duration(at('repeat_interval'), yaml.repeat_interval);
  if (groupIntervalMillis === 0) check.add(at('group_interval'), 'group_interval cannot be zero');
  if (repeatIntervalMillis === 0) check.add(at('repeat_interval'), 'repeat_interval cannot be zero');
  return {
    receiver: yaml.receiver,
    groupBy,
    groupByAll: groupByAll || undefined,
    continue: yaml.continue ?? false,
    matchers: check.matchers(path, yaml.match, yaml.match_re, yaml.matchers),
    groupWaitMillis: check.duration(at('group_wait'), yaml.group_wait),
    groupIntervalMillis,
    repeatIntervalMillis,
    routes: (yaml.routes ?? []).map((child, i) => loadRoute(check, child, at(`routes[${i}]`), receivers)),
  };
}

function loadInhibitRule(check: Checker, yaml: InhibitRuleYaml, path: string): InhibitRuleConfig {
  const equal = yaml.equal ?? [];
  for (const name of equal) if (!isValidLabelName(name)) check.add(`${path}.equal`, `invalid label name "${name}"`);
  return {
    sourceMatchers: check.matchers(path, yaml.source_match, yaml.source_match_re, yaml.source_matchers),
    targetMatchers: check.matchers(path, yaml.target_match, yaml.target_match_re, yaml.target_matchers),
    equal,
  };
}

function loadReceiver(check: Checker, yaml: ReceiverYaml, path: string, global: NonNullable<ConfigYaml['global']>): ReceiverConfig {
  const integrations: IntegrationConfig[] = [];
  (yaml.slack_configs ?? []).forEach((c, index) => {
    const apiUrl = c.api_url ?? global.slack_api_url;
    if (!apiUrl) check.add(`${path}.slack_configs[${index}].api_url`, 'no global Slack API URL set');
    integrations.push({
      kind: 'slack', index, sendResolved: c.send_resolved ?? false, httpConfig: c.http_config ?? global.http_config,
      apiUrl: apiUrl ?? '', channel: c.channel, username: c.username, iconEmoji: c.icon_emoji, iconUrl: c.icon_url,
      title: c.title, titleLink: c.title_link, text: c.text, color: c.color,
    });
  });
  (yaml.pagerduty_configs ?? []).forEach((c, index) => {
    const routingKey = c.routing_key ?? c.service_key;
    if (!routingKey) check.add(`${path}.pagerduty_configs[${index}]`, 'missing service or routing key in PagerDuty config');
    integrations.push({
      kind: 'pagerduty', index, sendResolved: c.send_resolved ?? true, httpConfig: c.http_config ?? global.http_config,
      routingKey: routingKey ?? '', url: c.url ?? global.pagerduty_url ?? DEFAULT_PAGERDUTY_URL, client: c.client,
      clientUrl: c.client_url, severity: c.severity, class: c.class, component: c.component, group: c.group,
      source: c.source, details: c.details,
    });
  });
  (yaml.email_configs ?? []).forEach((c, index) => {
    const at = `${path}.email_configs[${index}]`;
    const from = c.from ?? global.smtp_from;
    const smarthost = c.smarthost ?? global.smtp_smarthost;
    if (!c.to) check.add(`${at}.to`, 'missing to address in email config');
    if (!from) check.add(`${at}.from`, 'no global SMTP from set');
    if (!smarthost) check.add(`${at}.smarthost`, 'no global SMTP smarthost set');
    integrations.push({
      kind: 'email', index, sendResolved: c.send_resolved ?? false, to: c.to ?? '', from: from ?? '',
      smarthost: smarthost ?? '', hello: c.hello ?? global.smtp_hello ?? 'localhost',
      requireTls: c.require_tls ?? global.smtp_require_tls ?? true,
      authUsername: c.auth_username ?? global.smtp_auth_username, authPassword: c.auth_password ?? global.smtp_auth_password,
      headers: c.headers, tlsConfig: c.tls_config,
    });
  });
  (yaml.webhook_configs ?? []).forEach((c, index) => {
    if (!c.url) check.add(`${path}.webhook_configs[${index}].url`, 'one of url or url_file must be configured (url_file is not supported by Vigil)');
    integrations.push({
      kind: 'webhook', index, sendResolved: c.send_resolved ?? true, httpConfig: c.http_config ?? global.http_config,
      url: c.url ?? '', maxAlerts: c.max_alerts ?? 0,
    });
  });
  return { name: yaml.name, integrations };
}

/** Parses and validates YAML text; throws ConfigError listing every problem. */
export function loadAlertmanagerConfig(text: string): AlertmanagerConfig {
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(doc.errors.map((e) => ({ path: '', message: `YAML: ${e.message}` })));
  }
  const parsed = configSchema.safeParse(doc.toJS() ?? {});
  if (!parsed.success) throw new ConfigError(zodIssues(parsed.error.issues));
  const yaml = parsed.data;
  const check = new Checker();
  const global = yaml.global ?? {};
  const receiverNames = new Set<string>();
  (yaml.receivers ?? []).forEach((r, i) => {
    if (!r.name) check.add(`receivers[${i}].name`, 'missing name in receiver');
    if (receiverNames.has(r.name)) check.add(`receivers[${i}].name`, `notification config name "${r.name}" is not unique`);
    receiverNames.add(r.name);
  });
  const resolveTimeoutMillis = check.duration('global.resolve_timeout', global.resolve_timeout) ?? DEFAULT_RESOLVE_TIMEOUT_MILLIS;
  if (!yaml.route) {
    check.add('route', 'no routes provided');
    throw new ConfigError(check.issues);
  }
  if (!yaml.route.receiver) check.add('route.receiver', 'root route must specify a default receiver');
  if (yaml.route.match || yaml.route.match_re || yaml.route.matchers?.length) check.add('route', 'root route must not have any matchers');
  if (yaml.route.continue) check.add('route.continue', 'cannot have continue in root route');
  const route = loadRoute(check, yaml.route, 'route', receiverNames);
  const inhibitRules = (yaml.inhibit_rules ?? []).map((r, i) => loadInhibitRule(check, r, `inhibit_rules[${i}]`));
  const receivers = (yaml.receivers ?? []).map((r, i) => loadReceiver(check, r, `receivers[${i}]`, global));
  if (check.issues.length > 0) throw new ConfigError(check.issues);
  return deepFreeze({ resolveTimeoutMillis, route, inhibitRules, receivers, templates: yaml.templates ?? [], original: text });
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
