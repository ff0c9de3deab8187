import { ManualClock } from '@vigil/runtime';
import { waitFor } from '@vigil/testing';
import { EDITOR_KEY_A, api, startCorrelator, type Harness } from './correlator-harness';
import { HttpReceiver } from './local-receivers';

// Restarts of the real runner on one data folder (MemoryState snapshotted on stop), with a
// simulated clock: alerts, groups and the notification log survive, so nothing is re-sent.
const yaml = (http: string) => `
route:
  receiver: hook
  group_by: [alertname]
  group_wait: 1s
  group_interval: 10s
  repeat_interval: 1h
receivers:
  - name: hook
    webhook_configs: [{ url: '${http}/hook', send_resolved: true }]
`;

describe('alert-correlator restarts (embedded runner, state snapshotted to the data folder)', () => {
  const clock = new ManualClock(Date.UTC(2026, 10, 2, 9));
  const http = new HttpReceiver();
  let h: Harness;
  let dir: string;

  const start = async () => {
    h = await startCorrelator({ yaml: yaml(http.url), clock, dataDir: dir });
  };
  const alertNames = async () => ((await api(h.url, '/api/v2/alerts', { key: EDITOR_KEY_A })).body as { labels: Record<string, string> }[]).map((a) => a.labels.alertname);
  /** Lets the flush loop run (it polls the simulated clock every 20 ms). */
  const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

  beforeAll(async () => {
    await http.start();
    h = await startCorrelator({ yaml: yaml(http.url), clock });
    dir = h.dir;
  }, 30_000);
  afterAll(async () => {
    await h?.stop();
    await http.stop();
  });

  it('keeps alerts and groups across a restart and does not notify again', async () => {
    await api(h.url, '/api/v2/alerts', {
      method: 'POST', key: EDITOR_KEY_A,
      body: [{ labels: { alertname: 'QueueStuck', service: 'billing' }, startsAt: new Date(clock.now()).toISOString(), endsAt: new Date(clock.now() + 7_200_000).toISOString() }],
    });
    await waitFor(async () => (await alertNames()).includes('QueueStuck'));
    clock.advance(1_000);
    await waitFor(() => http.accepted('/hook').length === 1, { what: 'first notification' });

    await h.stop({ keepDir: true });
    await start();
    expect(await alertNames()).toEqual(['QueueStuck']);
    clock.advance(10_000); // a group_interval: nothing changed, nothing to send
    await settle();
    expect(http.accepted('/hook')).toHaveLength(1);
    clock.advance(3_600_000); // repeat_interval: exactly one repeat
    await waitFor(() => http.accepted('/hook').length === 2, { what: 'repeat' });
    await settle();
    expect(http.accepted('/hook')).toHaveLength(2);
  });

  it('sends no duplicate after a crash between delivery and the notification-log write', async () => {
    const state = () => h.vigil.runtime.state;
    const [before] = await state().scan('alert-correlator/team-a/nflog/');
    await api(h.url, '/api/v2/alerts', {
      method: 'POST', key: EDITOR_KEY_A,
      body: [{ labels: { alertname: 'QueueStuck', service: 'payments' }, startsAt: new Date(clock.now()).toISOString(), endsAt: new Date(clock.now() + 7_200_000).toISOString() }],
    });
    await waitFor(async () => (await alertNames()).length === 2);
    clock.advance(10_000);
    await waitFor(() => http.accepted('/hook').length === 3, { what: 'notification with the new alert' });

    // The state a crash right after delivery leaves: the claim says "sent", the log still has
    // the entry of the notification before.
    // The log write follows the delivery (and the claim's "sent" mark): wait for it.
    await waitFor(async () => {
      const [after] = await state().scan('alert-correlator/team-a/nflog/');
      return Buffer.compare(Buffer.from(after.value), Buffer.from(before.value)) !== 0;
    }, { what: 'log entry of the third notification' });
    await state().set(before.key, before.value);
    await h.stop({ keepDir: true });
    await start();

    clock.advance(10_000); // the group flushes, finds no log entry, but the claim says it was sent
    await waitFor(async () => {
      const [entry] = await state().scan('alert-correlator/team-a/nflog/');
      return Buffer.compare(Buffer.from(entry.value), Buffer.from(before.value)) !== 0;
    }, { what: 'log entry written without sending' });
    await settle();
    expect(http.accepted('/hook')).toHaveLength(3);
  });
});
