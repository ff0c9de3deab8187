import type { Alert } from '../alerts/alert';
import type { Notification } from '../pipeline/notifier';
import { goTime } from './common';
import { renderEmail } from './email';
import { pagerDutyDedupKey, renderPagerDuty } from './pagerduty';
import { SLACK_MAX_BLOCKS, SLACK_MAX_SECTION_CHARS, renderSlack } from './slack';
import { splitText } from './split';
import { renderWebhook } from './webhook';
import recorded from './alertmanager-0.25-webhook.json';

const NOW = Date.UTC(2026, 5, 1);
const alert = (labels: Record<string, string>, over: Partial<Alert> = {}): Alert => ({
  labels, annotations: {}, startsAtMillis: Date.UTC(2026, 0, 1), endsAtMillis: null, generatorURL: '', updatedAtMillis: 0, timeout: false, ...over,
});
const notification = (alerts: Alert[], groupLabels: Record<string, string> = { alertname: 'HighLatency' }): Notification => ({
  receiver: 'team', receiverKey: 'team/webhook/0', integration: { kind: 'webhook', index: 0, sendResolved: true, url: 'x', maxAlerts: 0 },
  groupKey: '{}:{alertname="HighLatency"}', groupLabels, alerts, nowMillis: NOW,
});

describe('webhook payload (Alertmanager v4)', () => {
  it('is identical to what the real Alertmanager 0.25 sent for the same group', () => {
    const n = notification([
      alert({ alertname: 'HighLatency', service: 'api', instance: 'a:9090' }, {
        annotations: { summary: 'p99 > 1s', runbook: 'http://rb' }, startsAtMillis: Date.parse('2026-01-01T00:00:00.250Z'), generatorURL: 'http://prom/graph?g0.expr=x',
      }),
      alert({ alertname: 'HighLatency', service: 'api', instance: 'b:9090' }, {
        annotations: { summary: 'p99 > 1s' }, startsAtMillis: Date.parse('2026-01-01T00:00:01Z'), endsAtMillis: Date.parse('2026-01-01T00:05:00Z'),
      }),
    ]);
    expect(JSON.parse(JSON.stringify(renderWebhook(n, { maxAlerts: 0 }, 'http://vigil.test:9093')))).toEqual(recorded);
  });

  it('truncates to max_alerts and counts the rest, as Alertmanager documents', () => {
    const n = notification([alert({ alertname: 'A', i: '1' }), alert({ alertname: 'A', i: '2' }), alert({ alertname: 'A', i: '3' })]);
    const payload = renderWebhook(n, { maxAlerts: 2 }, '');
    expect(payload.alerts).toHaveLength(2);
    expect(payload.truncatedAlerts).toBe(1);
  });

  it('formats times like Go', () => {
    expect(goTime(null)).toBe('0001-01-01T00:00:00Z');
    expect(goTime(Date.parse('2026-01-01T00:00:00.120Z'))).toBe('2026-01-01T00:00:00.12Z');
  });
});

describe('Slack messages', () => {
  it('renders a small group as one message with a header and one section per alert', () => {
    const [msg] = renderSlack(notification([alert({ alertname: 'HighLatency', service: 'api' }, { annotations: { summary: 'slow <fast>' } })]), { channel: '#ops' }, '');
    expect(msg.channel).toBe('#ops');
    expect(msg.text).toBe('[FIRING:1] HighLatency (api)');
    expect(msg.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: '[FIRING:1] HighLatency (api)' } });
    expect(JSON.stringify(msg.blocks)).toContain('slow &lt;fast&gt;');
  });

  it('splits a large group into several messages within the block limit, losing no alert', () => {
    const alerts = Array.from({ length: 120 }, (_, i) => alert({ alertname: 'HighLatency', pod: `p${i}` }));
    const messages = renderSlack(notification(alerts), {}, '');
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) expect(m.blocks.length).toBeLessThanOrEqual(SLACK_MAX_BLOCKS);
    const text = messages.flatMap((m) => m.blocks).map((b) => JSON.stringify(b)).join('');
    for (let i = 0; i < 120; i++) expect(text).toContain(`pod=\\"p${i}\\"`);
    expect(messages[0].text).toContain(`(part 1/${messages.length})`);
  });

  it('spreads an over-long alert over several sections instead of cutting it', () => {
    const description = Array.from({ length: 400 }, (_, i) => `line ${i} of a very long stack trace`).join('\n');
    const [msg] = renderSlack(notification([alert({ alertname: 'Crash' }, { annotations: { description } })]), {}, '');
    const sections = msg.blocks.filter((b) => b.type === 'section');
    expect(sections.length).toBeGreaterThan(1);
    for (const s of sections) expect(s.type === 'section' && s.text.text.length).toBeLessThanOrEqual(SLACK_MAX_SECTION_CHARS);
    expect(sections.map((s) => (s.type === 'section' ? s.text.text : '')).join('')).toContain('line 399 of');
  });
});

describe('PagerDuty events', () => {
  it('uses the SHA-256 of the group key as a stable dedup_key, for trigger and resolve', () => {
    const firing = renderPagerDuty(notification([alert({ alertname: 'HighLatency' })]), { routingKey: 'rk' }, '');
    const resolved = renderPagerDuty(notification([alert({ alertname: 'HighLatency' }, { endsAtMillis: NOW - 1 })]), { routingKey: 'rk' }, '');
    expect(firing[0].dedup_key).toBe(pagerDutyDedupKey('{}:{alertname="HighLatency"}'));
    expect(pagerDutyDedupKey('{}:{alertname="HighLatency"}')).toMatch(/^[0-9a-f]{64}$/);
    expect(firing[0]).toMatchObject({ event_action: 'trigger', payload: { summary: '[FIRING:1] HighLatency', custom_details: { num_firing: 1 } } });
    expect(resolved).toEqual([{ routing_key: 'rk', event_action: 'resolve', dedup_key: firing[0].dedup_key }]);
  });

  it('splits a group too big for one event into parts with derived keys', () => {
    const big = 'x'.repeat(200 * 1024);
    const alerts = Array.from({ length: 5 }, (_, i) => alert({ alertname: 'HighLatency', i: String(i) }, { annotations: { description: big } }));
    const events = renderPagerDuty(notification(alerts), { routingKey: 'rk' }, '');
    expect(events.length).toBeGreaterThan(1);
    expect(events[1].dedup_key).toBe(`${events[0].dedup_key}-part2`);
    expect(events.reduce((n, e) => n + ((e.payload?.custom_details.alerts as unknown[]) ?? []).length, 0)).toBe(5);
  });
});

describe('email messages', () => {
  it('writes subject, text and escaped HTML, in parts above the alert limit', () => {
    const alerts = Array.from({ length: 5 }, (_, i) => alert({ alertname: 'HighLatency', i: String(i) }, { annotations: { summary: '<b>slow</b>' } }));
    const mails = renderEmail(notification(alerts), { from: 'am@x', to: 'ops@x' }, 'http://vigil', 2);
    expect(mails.map((m) => m.subject)).toEqual(['[FIRING:5] HighLatency (part 1/3)', '[FIRING:5] HighLatency (part 2/3)', '[FIRING:5] HighLatency (part 3/3)']);
    expect(mails[0].html).toContain('&lt;b&gt;slow&lt;/b&gt;');
    expect(mails[2].text).toContain('i="4"');
  });
});

describe('splitting text', () => {
  it('keeps every character, cutting at line breaks when it can', () => {
    const text = 'aaaa\nbbbb\ncccccccccc';
    const pieces = splitText(text, 6);
    expect(pieces.join('')).toBe(text);
    expect(pieces[0]).toBe('aaaa\n');
    for (const p of pieces) expect(p.length).toBeLessThanOrEqual(6);
  });
});
