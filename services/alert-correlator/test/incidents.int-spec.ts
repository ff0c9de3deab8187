import type { BusConsumer } from '@vigil/bus';
import { IncidentStatus, TOPICS, decodePayload, type Incident } from '@vigil/contracts';
import { ManualClock } from '@vigil/runtime';
import { TracesRepository, retentionPolicy } from '@vigil/store';
import { waitFor } from '@vigil/testing';
import { EDITOR_KEY_A, api, startCorrelator, type Harness } from './correlator-harness';

// Incidents from the real runner (embedded, simulated clock): the service graph comes from the
// store's service_edges; alerts on services linked in it open one incident, published on
// vigil.incidents.v1 and written to the store's incidents table, and it resolves when all
// its alerts stay resolved.
const MINUTE = 60_000;

describe('incidents over the service graph (embedded runner, simulated clock)', () => {
  const clock = new ManualClock(Math.floor(Date.now() / MINUTE) * MINUTE); // recent: service_edges rows older than their retention are dropped
  const incidents: Incident[] = [];
  let h: Harness;
  let collector: BusConsumer;

  beforeAll(async () => {
    h = await startCorrelator({
      yaml: 'route: { receiver: none, group_wait: 1s }\nreceivers: [{ name: none }]\n',
      clock,
      correlator: { incidentTickMillis: 100, serviceGraphRefreshMillis: 1_000 },
    });
    await new TracesRepository(h.vigil.runtime.store, retentionPolicy()).insertServiceEdges([
      { tenant: 'team-a', minuteUnixMs: clock.now() - 10 * MINUTE, parentService: 'checkout', childService: 'payments', calls: 100, errors: 7, durationNanosSum: 10n ** 9n },
    ]);
    collector = h.vigil.runtime.bus.consumer({
      groupId: 'test-incidents',
      handlers: [{ topic: TOPICS.incidents, decode: (b) => decodePayload(TOPICS.incidents, b), handle: async (batch) => void incidents.push(...batch.messages.map((m) => m.value as Incident)) }],
    });
    await collector.start();
  }, 30_000);
  afterAll(async () => {
    await collector?.stop();
    await h?.stop();
  });

  const post = (service: string, alertname: string, endsAtMillis: number) =>
    api(h.url, '/api/v2/alerts', {
      method: 'POST', key: EDITOR_KEY_A,
      body: [{ labels: { alertname, service, severity: 'critical' }, startsAt: new Date(clock.now()).toISOString(), endsAt: new Date(endsAtMillis).toISOString() }],
    });

  it('opens one incident for alerts on linked services, updates it, resolves it, and stores it', async () => {
    await post('payments', 'PaymentErrors', clock.now() + 60 * MINUTE);
    await waitFor(() => incidents.some((i) => i.status === IncidentStatus.OPEN), { what: 'opened incident' });
    const opened = incidents[0];
    expect(opened).toMatchObject({ tenant: 'team-a', revision: 1, services: ['payments'] });
    await new Promise((resolve) => setTimeout(resolve, 300)); // the new tenant's graph is read right after its first alert

    clock.advance(30_000);
    await post('checkout', 'CheckoutLatency', clock.now() + 60 * MINUTE);
    const updated = await waitFor(() => incidents.find((i) => i.status === IncidentStatus.UPDATED), { what: 'updated incident' }).catch((e: Error) => {
      throw new Error(`${e.message}: ${JSON.stringify(incidents.map((i) => [i.status, i.services, i.id]))}`);
    });
    expect(updated).toMatchObject({ id: opened.id, revision: 2, services: ['checkout', 'payments'] });
    expect(updated.memberAlertFingerprints).toHaveLength(2);
    expect(updated.rootCauseHint?.service).toBe('payments');

    clock.advance(MINUTE);
    await post('payments', 'PaymentErrors', clock.now());
    await post('checkout', 'CheckoutLatency', clock.now());
    clock.advance(10 * MINUTE); // past the quiet period
    const resolved = await waitFor(() => incidents.find((i) => i.status === IncidentStatus.RESOLVED), { what: 'resolved incident' });
    expect(resolved.id).toBe(opened.id);
    expect(resolved.firingAlertFingerprints).toEqual([]);

    const rows = await waitFor(async () => {
      const result = await h.vigil.runtime.store.query<{ id: string; status: string; revision: number }>(
        'SELECT id, status, revision FROM incidents FINAL WHERE tenant = {tenant:String}', { tenant: 'team-a' });
      return result.rows.length === 1 && result.rows[0].status === 'resolved' && result.rows;
    }, { what: 'stored incident' });
    expect(rows[0].id).toBe(opened.id);
  }, 45_000);
});
