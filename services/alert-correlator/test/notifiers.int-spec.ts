import type { BusConsumer } from '@vigil/bus';
import { pagerDutyDedupKey } from '@vigil/correlate';
import { TOPICS, decodePayload, type DeadLetter } from '@vigil/contracts';
import { ManualClock } from '@vigil/runtime';
import { waitFor } from '@vigil/testing';
import { EDITOR_KEY_A, api, startCorrelator, type Harness } from './correlator-harness';
import { HttpReceiver, SmtpReceiver } from './local-receivers';

// The real runner (embedded) with every notifier pointed at real local receivers: an HTTP
// server for Slack, PagerDuty and webhooks, an SMTP server (npm smtp-server) for email.
const SLACK_TOKEN_PATH = '/services/T000/B000/slack-secret-token';
const ROUTING_KEY = 'pd-routing-key-secret-0123456789';
const SMTP_PASSWORD = 'smtp-password-secret';

const yaml = (http: string, smtpPort: number) => `
route:
  receiver: everything
  group_by: [alertname]
  group_wait: 1s
  group_interval: 10s
  repeat_interval: 1h
  routes:
    - receiver: flaky
      matchers: ['alertname=~"Flaky.*"']
    - receiver: broken
      matchers: ['alertname="Broken"']
receivers:
  - name: everything
    slack_configs: [{ api_url: '${http}${SLACK_TOKEN_PATH}', channel: '#ops', send_resolved: true }]
    pagerduty_configs: [{ routing_key: '${ROUTING_KEY}', url: '${http}/pagerduty', send_resolved: true }]
    email_configs:
      - to: oncall@example.com
        from: vigil@example.com
        smarthost: 127.0.0.1:${smtpPort}
        auth_username: vigil
        auth_password: ${SMTP_PASSWORD}
        require_tls: false
        send_resolved: true
    webhook_configs: [{ url: '${http}/webhook', send_resolved: true }]
  - name: flaky
    webhook_configs: [{ url: '${http}/flaky' }]
  - name: broken
    webhook_configs: [{ url: '${http}/broken' }]
`;

describe('notifiers against local HTTP and SMTP receivers (embedded runner, simulated clock)', () => {
  const clock = new ManualClock(Date.UTC(2026, 10, 1, 12));
  const http = new HttpReceiver();
  const smtp = new SmtpReceiver();
  const logLines: string[] = [];
  const deadLetters: DeadLetter[] = [];
  let h: Harness;
  let collector: BusConsumer;

  const post = (alerts: unknown[]) => api(h.url, '/api/v2/alerts', { method: 'POST', key: EDITOR_KEY_A, body: alerts });
  const iso = (millis: number) => new Date(millis).toISOString();
  const firing = (alertname: string) => ({ labels: { alertname, service: 'checkout' }, annotations: { summary: `${alertname} is on` }, startsAt: iso(clock.now()), endsAt: iso(clock.now() + 3_600_000) });
  const resolved = (alertname: string) => ({ labels: { alertname, service: 'checkout' }, startsAt: iso(clock.now() - 60_000), endsAt: iso(clock.now()) });
  /** Waits until the engine holds the alert (it travels through the bus first). */
  const held = async (alertname: string) =>
    waitFor(async () => ((await api(h.url, '/api/v2/alerts', { key: EDITOR_KEY_A })).body as { labels: Record<string, string> }[]).some((a) => a.labels.alertname === alertname), { what: alertname });

  beforeAll(async () => {
    await http.start();
    await smtp.start({ user: 'vigil', pass: SMTP_PASSWORD });
    h = await startCorrelator({ yaml: yaml(http.url, smtp.port), clock, logLines });
    collector = h.vigil.runtime.bus.consumer({
      groupId: 'test-dead-letters',
      handlers: [{ topic: TOPICS.deadLetter, decode: (b) => decodePayload(TOPICS.deadLetter, b), handle: async (batch) => void deadLetters.push(...batch.messages.map((m) => m.value as DeadLetter)) }],
    });
    await collector.start();
  }, 30_000);
  afterAll(async () => {
    await collector?.stop();
    await h?.stop();
    await http.stop();
    await smtp.stop();
  });

  it('delivers Slack blocks, a PagerDuty trigger then resolve with one dedup_key, an email over SMTP with auth, and the v4 webhook payload', async () => {
    await post([firing('CheckoutDown')]);
    await held('CheckoutDown');
    clock.advance(1_000);
    await waitFor(() => http.accepted().length >= 3 && smtp.mails.length >= 1, { what: 'first notifications' });

    const slack = http.accepted(SLACK_TOKEN_PATH)[0].body as { text: string; channel: string; blocks: { type: string }[] };
    expect(slack.channel).toBe('#ops');
    expect(slack.blocks.map((b) => b.type)).toContain('section');
    const trigger = http.accepted('/pagerduty')[0].body as { event_action: string; dedup_key: string; routing_key: string; payload: { summary: string } };
    expect(trigger).toMatchObject({ event_action: 'trigger', routing_key: ROUTING_KEY });
    const webhook = http.accepted('/webhook')[0].body as { version: string; status: string; receiver: string; groupKey: string; alerts: { labels: Record<string, string> }[] };
    expect(webhook).toMatchObject({ version: '4', status: 'firing', receiver: 'everything' });
    expect(webhook.alerts[0].labels.alertname).toBe('CheckoutDown');
    expect(trigger.dedup_key).toBe(pagerDutyDedupKey(webhook.groupKey));
    expect(smtp.mails[0]).toMatchObject({ from: 'vigil@example.com', to: ['oncall@example.com'], user: 'vigil' });
    expect(smtp.mails[0].raw).toMatch(/CheckoutDown/);

    await post([resolved('CheckoutDown')]);
    clock.advance(10_000); // group_interval
    await waitFor(() => http.accepted('/pagerduty').length >= 2, { what: 'resolve' });
    const resolve = http.accepted('/pagerduty')[1].body as { event_action: string; dedup_key: string };
    expect(resolve).toEqual(expect.objectContaining({ event_action: 'resolve', dedup_key: trigger.dedup_key }));
    expect((http.accepted('/webhook')[1].body as { status: string }).status).toBe('resolved');
    await waitFor(() => smtp.mails.length >= 2, { what: 'resolved mail' });
  });

  it('retries 503 and 429 with back-off, and then delivers once', async () => {
    http.script.push(503, 429);
    await post([firing('FlakyEndpoint')]);
    await held('FlakyEndpoint');
    clock.advance(1_000);
    await waitFor(() => http.accepted('/flaky').length === 1, { what: 'flaky delivery' });
    expect(http.requests.filter((r) => r.path === '/flaky').map((r) => r.status)).toEqual([503, 429, 200]);
  });

  it('does not retry a 400, and records a dead letter; running out of retries does too', async () => {
    http.script.push(400);
    await post([firing('Broken')]);
    await held('Broken');
    clock.advance(1_000);
    await waitFor(() => deadLetters.length >= 1, { what: 'dead letter for the 400' });
    expect(http.requests.filter((r) => r.path === '/broken').map((r) => r.status)).toEqual([400]);
    expect(deadLetters[0]).toMatchObject({ errorClass: 'NotificationFailed', sourceTopic: TOPICS.alerts });
    expect(deadLetters[0].reason).toMatch(/HTTP 400.*not retryable/);

    http.script.push(500, 500, 500); // maxAttempts is 3 in the harness
    await post([firing('FlakyForever')]);
    await held('FlakyForever');
    clock.advance(1_000);
    await waitFor(() => deadLetters.length >= 2, { what: 'dead letter after retries' });
    expect(deadLetters[1].reason).toMatch(/gave up after 3 attempts/);
  });

  it('counts deliveries by integration and outcome on /metrics', async () => {
    const metrics = await (await fetch(`${h.url}/metrics`)).text();
    const count = (integration: string, outcome: string) =>
      Number(new RegExp(`vigil_alert_correlator_notifications_total\\{[^}]*integration="${integration}",outcome="${outcome}"[^}]*\\} (\\d+)`).exec(metrics)?.[1] ?? 0);
    expect(count('slack', 'sent')).toBeGreaterThanOrEqual(2);
    expect(count('email', 'sent')).toBeGreaterThanOrEqual(2);
    expect(count('webhook', 'dead_letter')).toBe(2);
  });

  it('puts no webhook token, routing key or SMTP password in the logs', () => {
    const logs = logLines.join('');
    expect(logs).toContain('notified');
    for (const secret of [SLACK_TOKEN_PATH, ROUTING_KEY, SMTP_PASSWORD]) expect(logs).not.toContain(secret);
  });
});
