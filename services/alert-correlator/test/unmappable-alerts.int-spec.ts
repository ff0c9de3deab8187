import type { BusConsumer } from '@vigil/bus';
import { AlertSource, AlertStatus, TOPICS, createPayload, decodePayload, encodePayload, type Alert, type DeadLetter } from '@vigil/contracts';
import { waitFor } from '@vigil/testing';
import { EDITOR_KEY_A, api, startCorrelator, type Harness } from './correlator-harness';

// The real runner (embedded: MemoryBus): an alert on vigil.alerts.v1 that decodes but that the
// engine cannot take goes to vigil.deadletter.v1 with the reason, its original bytes and its
// position, as the bus does with undecodable messages — and the alerts after it still arrive.
const yaml = `
route: { receiver: 'null', group_by: [alertname] }
receivers: [{ name: 'null' }]
`;

describe('unmappable alerts on vigil.alerts.v1 (embedded runner)', () => {
  const deadLetters: { record: DeadLetter; key: string }[] = [];
  let h: Harness;
  let collector: BusConsumer;

  const message = (labels: Record<string, string>, times: { startsAt: number; endsAt: number }): Alert =>
    createPayload(TOPICS.alerts, {
      fingerprint: '00000000000000aa', tenant: 'team-a', status: AlertStatus.FIRING, source: AlertSource.SLO_MONITOR,
      labels: Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, value]) => ({ name, value })),
      startsAtUnixMs: times.startsAt, endsAtUnixMs: times.endsAt, updatedAtUnixMs: Date.now(),
    });

  beforeAll(async () => {
    h = await startCorrelator({ yaml });
    collector = h.vigil.runtime.bus.consumer({
      groupId: 'test-unmappable-dead-letters',
      handlers: [{ topic: TOPICS.deadLetter, decode: (b) => decodePayload(TOPICS.deadLetter, b), handle: async (batch) => void deadLetters.push(...batch.messages.map((m) => ({ record: m.value as DeadLetter, key: m.key }))) }],
    });
    await collector.start();
  }, 30_000);
  afterAll(async () => {
    await collector?.stop();
    await h?.stop();
  });

  it('dead-letters an alert with an invalid label name and one that ends before it starts, with the reason, and takes the next alert', async () => {
    const now = Date.now();
    const dotted = message({ alertname: 'LatencyHigh', 'service.name': 'checkout' }, { startsAt: now, endsAt: 0 });
    const backwards = message({ alertname: 'LatencyHigh', service: 'checkout' }, { startsAt: now, endsAt: now - 60_000 });
    const good = message({ alertname: 'LatencyHigh', service: 'cart' }, { startsAt: now, endsAt: 0 });
    // One key: one partition, in this order.
    await h.vigil.runtime.bus.publish(TOPICS.alerts, [dotted, backwards, good].map((m) => ({ key: 'same-key', value: encodePayload(TOPICS.alerts, m) })));

    await waitFor(() => deadLetters.length >= 2, { what: 'two dead letters' });
    const [first, second] = deadLetters.map((d) => d.record);
    expect(deadLetters.map((d) => d.key)).toEqual([TOPICS.alerts, TOPICS.alerts]);
    expect(first).toMatchObject({ sourceTopic: TOPICS.alerts, errorClass: 'InvalidAlertError', consumerGroup: 'alert-correlator.test' });
    expect(first.reason).toMatch(/unmappable alert: invalid name "service\.name"/);
    expect(decodePayload(TOPICS.alerts, first.value)).toEqual(dotted); // the original bytes
    expect(Buffer.from(first.key).toString()).toBe('same-key');
    expect(second.reason).toMatch(/unmappable alert: start time must be before end time/);
    expect(Number(second.offset)).toBe(Number(first.offset) + 1);
    expect(second.partition).toBe(first.partition);

    await waitFor(async () => ((await api(h.url, '/api/v2/alerts', { key: EDITOR_KEY_A })).body as { labels: Record<string, string> }[]).some((a) => a.labels.service === 'cart'), { what: 'the alert after them' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(deadLetters).toHaveLength(2); // committed: not redelivered
  });
});
