import { parseDurationMillis, formatDuration } from './duration';
import { ConfigError, loadAlertmanagerConfig } from './load';

const VALID = `
global:
  resolve_timeout: 1m
  slack_api_url: https://hooks.slack.test/T0/B0/x
  smtp_smarthost: localhost:25
  smtp_from: am@example.org
route:
  receiver: default
  group_by: [alertname]
  routes:
    - matchers: ['team="db"', 'severity=~"critical|page"']
      receiver: db
      continue: true
    - match: {team: web}
      match_re: {env: 'prod|stage'}
      receiver: web
      group_by: ['...']
      repeat_interval: 1h30m
inhibit_rules:
  - source_matchers: [severity="critical"]
    target_matchers: [severity="warning"]
    equal: [cluster]
receivers:
  - name: default
    webhook_configs: [{url: 'http://127.0.0.1:9/hook'}]
  - name: db
    slack_configs: [{channel: '#db'}]
    pagerduty_configs: [{routing_key: abc}]
  - name: web
    email_configs: [{to: web@example.org}]
`;

function issuesOf(yaml: string): string[] {
  try {
    loadAlertmanagerConfig(yaml);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((i) => `${i.path}: ${i.message}`);
    throw error;
  }
  throw new Error('expected the config to be rejected');
}

describe('Prometheus durations', () => {
  it('parses every unit and zero', () => {
    expect(parseDurationMillis('1h30m')).toBe(5_400_000);
    expect(parseDurationMillis('1500ms')).toBe(1500);
    expect(parseDurationMillis('1d')).toBe(86_400_000);
    expect(parseDurationMillis('0')).toBe(0);
    expect(formatDuration(5_400_000)).toBe('1h30m');
  });

  it('rejects units out of order, bare numbers and the empty string', () => {
    expect(() => parseDurationMillis('30m1h')).toThrow(/not a valid duration/);
    expect(() => parseDurationMillis('30')).toThrow(/not a valid duration/);
    expect(() => parseDurationMillis('')).toThrow(/empty/);
  });
});

describe('loading an Alertmanager configuration', () => {
  it('normalises a valid config with defaults from global and per integration', () => {
    const config = loadAlertmanagerConfig(VALID);
    expect(config.resolveTimeoutMillis).toBe(60_000);
    const [db, web] = config.route.routes;
    expect(db.matchers.map((m) => `${m.name}${m.type}${m.value}`)).toEqual(['severity=~critical|page', 'team=db']);
    expect(db.continue).toBe(true);
    expect(web.groupByAll).toBe(true);
    expect(web.repeatIntervalMillis).toBe(5_400_000);
    // Legacy match_re keeps Alertmanager 0.25's anchored form (it shows in route keys).
    expect(web.matchers).toContainEqual({ type: '=~', name: 'env', value: '^(?:prod|stage)$' });
    const receivers = Object.fromEntries(config.receivers.map((r) => [r.name, r.integrations]));
    expect(receivers.db[0]).toMatchObject({ kind: 'slack', apiUrl: 'https://hooks.slack.test/T0/B0/x', sendResolved: false });
    expect(receivers.db[1]).toMatchObject({ kind: 'pagerduty', routingKey: 'abc', sendResolved: true, url: 'https://events.pagerduty.com/v2/enqueue' });
    expect(receivers.web[0]).toMatchObject({ kind: 'email', smarthost: 'localhost:25', from: 'am@example.org', requireTls: true });
    expect(receivers.default[0]).toMatchObject({ kind: 'webhook', sendResolved: true, maxAlerts: 0 });
    expect(config.inhibitRules[0].equal).toEqual(['cluster']);
    expect(Object.isFrozen(config.route)).toBe(true);
  });

  it('names the path of an unknown key (a typo)', () => {
    const issues = issuesOf(VALID.replace('group_by: [alertname]', 'group_by: [alertname]\n  group_wiat: 10s'));
    expect(issues).toContain('route.group_wiat: unknown field');
  });

  it('names the path of an unknown key inside a receiver integration', () => {
    const issues = issuesOf(VALID.replace("slack_configs: [{channel: '#db'}]", "slack_configs: [{chanel: '#db'}]"));
    expect(issues).toContain('receivers[1].slack_configs[0].chanel: unknown field');
  });

  it('rejects a route to an undefined receiver', () => {
    expect(issuesOf(VALID.replace('receiver: web', 'receiver: nobody'))).toContain('route.routes[1].receiver: undefined receiver "nobody" used in route');
  });

  it('applies the root route rules', () => {
    const issues = issuesOf('route:\n  match: {a: b}\n  continue: true\nreceivers: []\n');
    expect(issues).toEqual(expect.arrayContaining([
      'route.receiver: root route must specify a default receiver',
      'route: root route must not have any matchers',
      'route.continue: cannot have continue in root route',
    ]));
  });

  it("rejects '...' mixed with other group_by labels, duplicates and zero intervals", () => {
    const issues = issuesOf(
      "route:\n  receiver: r\n  group_by: ['...', a, a]\n  group_interval: 0s\n  repeat_interval: 0\nreceivers: [{name: r}]\n",
    );
    expect(issues).toEqual(expect.arrayContaining([
      'route.group_by: cannot have wildcard group_by (`...`) and other labels at the same time',
      'route.group_by: duplicated label "a" in group_by',
      'route.group_interval: group_interval cannot be zero',
      'route.repeat_interval: repeat_interval cannot be zero',
    ]));
  });

  it('reports bad durations, bad matchers and bad regexes with their paths', () => {
    const issues = issuesOf(
      "route:\n  receiver: r\n  group_wait: 10x\n  routes:\n    - matchers: ['team~db']\n    - match_re: {a: '('}\nreceivers: [{name: r}]\n",
    );
    expect(issues).toEqual(expect.arrayContaining([
      'route.group_wait: not a valid duration string: "10x"',
      'route.routes[0].matchers[0]: bad matcher format: team~db',
    ]));
    expect(issues.some((i) => i.startsWith('route.routes[1].match_re.a: invalid regex'))).toBe(true);
  });

  it('requires what each integration needs', () => {
    const issues = issuesOf(
      'route: {receiver: r}\nreceivers:\n  - name: r\n    slack_configs: [{}]\n    pagerduty_configs: [{}]\n    email_configs: [{}]\n    webhook_configs: [{}]\n',
    );
    expect(issues).toEqual(expect.arrayContaining([
      'receivers[0].slack_configs[0].api_url: no global Slack API URL set',
      'receivers[0].pagerduty_configs[0]: missing service or routing key in PagerDuty config',
      'receivers[0].email_configs[0].to: missing to address in email config',
      'receivers[0].email_configs[0].smarthost: no global SMTP smarthost set',
    ]));
    expect(issues.some((i) => i.startsWith('receivers[0].webhook_configs[0].url:'))).toBe(true);
  });

  it('rejects duplicate receiver names and invalid YAML', () => {
    expect(issuesOf('route: {receiver: r}\nreceivers: [{name: r}, {name: r}]\n')).toContain(
      'receivers[1].name: notification config name "r" is not unique',
    );
    expect(issuesOf('route: {receiver: r\n')[0]).toMatch(/^: YAML:/);
  });
});
