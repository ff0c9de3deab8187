/**
 * Seeded random alert streams for the differential benchmark: a fixed routing tree with
 * `continue`, different group_by per route, an inhibit rule with `equal`, a receiver without
 * send_resolved, and random fire / resolve / silence events. Scenarios stay under 28 ticks so
 * Alertmanager's 30 s maintenance tick (which drops emptied groups at a phase we cannot see)
 * never runs inside one.
 */
import type { LabelSet } from '../labels/fingerprint';
import { fingerprint } from '../labels/fingerprint';
import type { Scenario, ScenarioStep } from './scenario';

const CONFIG = `route:
  receiver: default
  group_by: [alertname]
  group_wait: 1500ms
  group_interval: 2s
  repeat_interval: 5s
  routes:
    - matchers: ['team="db"']
      receiver: db
      group_by: [alertname, instance]
      continue: true
    - matchers: ['severity="critical"']
      receiver: pager
      group_by: ['...']
      group_wait: 2500ms
      group_interval: 3s
      repeat_interval: 7s
    - match_re: {team: 'web|api'}
      receiver: web
inhibit_rules:
  - source_matchers: ['severity="critical"']
    target_matchers: ['severity="warning"']
    equal: [team]
receivers:
  - name: default
    webhook_configs: [{url: '{{WEBHOOK}}/default'}]
  - name: db
    webhook_configs: [{url: '{{WEBHOOK}}/db', send_resolved: false}]
  - name: pager
    webhook_configs: [{url: '{{WEBHOOK}}/pager'}]
  - name: web
    webhook_configs: [{url: '{{WEBHOOK}}/web'}]
`;

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomScenario(seed: number): Scenario {
  const random = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const pool = new Map<string, LabelSet>();
  while (pool.size < 7) {
    const labels = { alertname: pick(['Latency', 'Errors', 'Down']), team: pick(['db', 'web', 'api', 'ops']), severity: pick(['critical', 'warning']), instance: pick(['1', '2']) };
    pool.set(fingerprint(labels), labels);
  }
  const alerts = [...pool.values()];
  const firing = new Set<number>();
  const steps: ScenarioStep[] = [];
  const durationTicks = 24;
  for (let at = 1; at <= durationTicks - 4; at++) {
    const changes = random() < 0.5 ? 1 + Math.floor(random() * 2) : 0;
    const fire: LabelSet[] = [];
    const resolve: LabelSet[] = [];
    for (let c = 0; c < changes; c++) {
      const i = Math.floor(random() * alerts.length);
      if (fire.includes(alerts[i]) || resolve.includes(alerts[i])) continue;
      if (firing.has(i)) {
        firing.delete(i);
        resolve.push(alerts[i]);
      } else {
        firing.add(i);
        fire.push(alerts[i]);
      }
    }
    if (fire.length) steps.push({ at, fire });
    if (resolve.length) steps.push({ at, resolve });
    if (random() < 0.06) {
      const ref = `s${at}`;
      steps.push({ at, silence: { ref, matchers: [{ type: '=', name: 'alertname', value: pick(['Latency', 'Errors', 'Down']) }], forTicks: 8 } });
      if (random() < 0.5) steps.push({ at: at + 3, expireSilence: ref });
    }
  }
  return { name: `random-${seed}`, config: CONFIG, tickMillis: 1000, durationTicks, resendEveryTicks: 3, steps };
}
