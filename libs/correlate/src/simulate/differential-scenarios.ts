/**
 * Differential scenarios: alert streams whose notifications must be identical from the real
 * Alertmanager 0.25 and from Vigil. Times are in ticks (1 s by default). Posts happen on whole
 * ticks and group_wait ends on a half tick, so every flush falls mid-tick and no post races a
 * flush; repeat intervals are not multiples of group_interval, so the strict "older than the
 * repeat interval" comparison is never decided by milliseconds of jitter.
 */
import type { Scenario } from './scenario';

/** `{{WEBHOOK}}` is replaced with the local receiver's base URL (the real side only). */
const receivers = (names: string[], sendResolved: Record<string, boolean> = {}): string =>
  `receivers:\n${names
    .map((n) => `  - name: ${n}\n    webhook_configs:\n      - url: '{{WEBHOOK}}/${n}'\n        send_resolved: ${sendResolved[n] ?? true}`)
    .join('\n')}\n`;

const timing = (gw = '1500ms', gi = '2s', ri = '5s'): string => `  group_wait: ${gw}\n  group_interval: ${gi}\n  repeat_interval: ${ri}\n`;

export const DIFFERENTIAL_SCENARIOS: readonly Scenario[] = [
  {
    name: 'grouping-by-alertname',
    config: `route:\n  receiver: team\n  group_by: [alertname]\n${timing()}${receivers(['team'])}`,
    tickMillis: 1000, durationTicks: 14, resendEveryTicks: 3,
    steps: [
      { at: 1, fire: [{ alertname: 'HighLatency', instance: 'a' }, { alertname: 'HighLatency', instance: 'b' }, { alertname: 'DiskFull', instance: 'a' }] },
      // Joins a group that has flushed: waits for group_interval, not group_wait.
      { at: 4, fire: [{ alertname: 'HighLatency', instance: 'c' }] },
      { at: 9, resolve: [{ alertname: 'DiskFull', instance: 'a' }] },
    ],
  },
  {
    name: 'continue-and-first-match',
    config:
      `route:\n  receiver: default\n  group_by: [alertname]\n${timing()}  routes:\n` +
      `    - matchers: ['team="db"']\n      receiver: db\n      continue: true\n` +
      `    - match: {severity: critical}\n      receiver: pager\n` +
      `    - match_re: {service: 'api|web'}\n      receiver: web\n` +
      receivers(['default', 'db', 'pager', 'web']),
    tickMillis: 1000, durationTicks: 10, resendEveryTicks: 3,
    steps: [
      { at: 1, fire: [
        { alertname: 'Slow', team: 'db', severity: 'critical' },
        { alertname: 'Slow', team: 'db', severity: 'warning', service: 'web' },
        { alertname: 'Down', service: 'api', severity: 'warning' },
        { alertname: 'Other', severity: 'info' },
      ] },
    ],
  },
  {
    name: 'group-by-all-labels',
    config: `route:\n  receiver: team\n  group_by: ['...']\n${timing()}${receivers(['team'])}`,
    tickMillis: 1000, durationTicks: 10, resendEveryTicks: 3,
    steps: [
      { at: 1, fire: [{ alertname: 'A', pod: 'p1' }, { alertname: 'A', pod: 'p2' }] },
      { at: 5, resolve: [{ alertname: 'A', pod: 'p1' }] },
    ],
  },
  {
    name: 'inhibition-with-equal',
    config:
      `route:\n  receiver: team\n  group_by: [alertname, cluster]\n${timing()}` +
      `inhibit_rules:\n  - source_matchers: ['severity="critical"']\n    target_matchers: ['severity="warning"']\n    equal: [cluster]\n` +
      receivers(['team']),
    tickMillis: 1000, durationTicks: 16, resendEveryTicks: 3,
    steps: [
      { at: 1, fire: [{ alertname: 'ClusterDown', severity: 'critical', cluster: 'eu' }] },
      { at: 2, fire: [
        { alertname: 'PodSlow', severity: 'warning', cluster: 'eu' },
        { alertname: 'PodSlow', severity: 'warning', cluster: 'us' },
      ] },
      // Source resolves: the eu warning is no longer inhibited and is notified.
      { at: 8, resolve: [{ alertname: 'ClusterDown', severity: 'critical', cluster: 'eu' }] },
    ],
  },
  {
    name: 'silence-then-expire',
    config: `route:\n  receiver: team\n  group_by: [alertname]\n${timing('1500ms', '2s', '7s')}${receivers(['team'])}`,
    tickMillis: 1000, durationTicks: 16, resendEveryTicks: 3,
    steps: [
      { at: 0, silence: { ref: 's1', matchers: [{ type: '=~', name: 'instance', value: 'a|b' }], forTicks: 30 } },
      { at: 1, fire: [{ alertname: 'Err', instance: 'a' }, { alertname: 'Err', instance: 'c' }] },
      { at: 3, fire: [{ alertname: 'Quiet', instance: 'b' }] },
      { at: 7, expireSilence: 's1' },
    ],
  },
  {
    name: 'resolve-and-repeat-send-resolved-off',
    config:
      `route:\n  receiver: loud\n  group_by: [alertname]\n${timing('1500ms', '2s', '5s')}  routes:\n` +
      `    - matchers: ['alertname="Quiet"']\n      receiver: quiet\n` +
      receivers(['loud', 'quiet'], { quiet: false }),
    tickMillis: 1000, durationTicks: 18, resendEveryTicks: 3,
    steps: [
      { at: 1, fire: [{ alertname: 'Loud', i: '1' }, { alertname: 'Loud', i: '2' }, { alertname: 'Quiet', i: '1' }, { alertname: 'Quiet', i: '2' }] },
      { at: 6, resolve: [{ alertname: 'Loud', i: '1' }, { alertname: 'Quiet', i: '1' }] },
      { at: 12, resolve: [{ alertname: 'Loud', i: '2' }, { alertname: 'Quiet', i: '2' }] },
    ],
  },
  {
    name: 'nested-routes-inherit-timing',
    config:
      `route:\n  receiver: default\n  group_by: [alertname]\n${timing('1500ms', '3s', '7s')}  routes:\n` +
      `    - matchers: ['env="prod"']\n      receiver: prod\n      group_by: [service]\n      routes:\n` +
      `        - matchers: ['service=~"pay.*"']\n          receiver: payments\n          group_wait: 2500ms\n` +
      receivers(['default', 'prod', 'payments']),
    tickMillis: 1000, durationTicks: 14, resendEveryTicks: 3,
    steps: [
      { at: 1, fire: [
        { alertname: 'E1', env: 'prod', service: 'payments-api' },
        { alertname: 'E2', env: 'prod', service: 'payments-api' },
        { alertname: 'E1', env: 'prod', service: 'search' },
        { alertname: 'E1', env: 'dev', service: 'search' },
      ] },
      { at: 6, resolve: [{ alertname: 'E1', env: 'prod', service: 'search' }] },
    ],
  },
  {
    name: 'silenced-source-still-inhibits',
    config:
      `route:\n  receiver: team\n  group_by: [alertname, cluster]\n${timing()}` +
      `inhibit_rules:\n  - source_match: {severity: critical}\n    target_match_re: {severity: 'warning|info'}\n    equal: [cluster]\n` +
      receivers(['team']),
    tickMillis: 1000, durationTicks: 14, resendEveryTicks: 3,
    steps: [
      { at: 0, silence: { ref: 'mute-source', matchers: [{ type: '=', name: 'alertname', value: 'ClusterDown' }], forTicks: 60 } },
      { at: 1, fire: [
        { alertname: 'ClusterDown', severity: 'critical', cluster: 'eu' },
        { alertname: 'PodSlow', severity: 'warning', cluster: 'eu' },
        { alertname: 'PodSlow', severity: 'info', cluster: 'us' },
      ] },
      { at: 7, resolve: [{ alertname: 'ClusterDown', severity: 'critical', cluster: 'eu' }] },
    ],
  },
  {
    name: 'group-by-missing-label',
    config: `route:\n  receiver: team\n  group_by: [alertname, cluster]\n${timing('1500ms', '2s', '9s')}${receivers(['team'])}`,
    tickMillis: 1000, durationTicks: 12, resendEveryTicks: 3,
    steps: [
      { at: 1, fire: [{ alertname: 'Disk', cluster: 'eu', i: '1' }, { alertname: 'Disk', i: '2' }, { alertname: 'Disk', cluster: '', i: '3' }] },
      { at: 5, fire: [{ alertname: 'Disk', i: '4' }] },
    ],
  },
  {
    name: 'pending-silence-becomes-active',
    config: `route:\n  receiver: team\n  group_by: [alertname]\n${timing('1500ms', '2s', '5s')}${receivers(['team'])}`,
    tickMillis: 1000, durationTicks: 14, resendEveryTicks: 3,
    steps: [
      { at: 0, silence: { ref: 'later', matchers: [{ type: '=', name: 'alertname', value: 'Noisy' }, { type: '!~', name: 'env', value: 'prod' }], forTicks: 20, startsInTicks: 4 } },
      { at: 1, fire: [{ alertname: 'Noisy', env: 'dev' }, { alertname: 'Noisy', env: 'prod' }] },
      { at: 6, fire: [{ alertname: 'Noisy', env: 'test' }] },
    ],
  },
];
