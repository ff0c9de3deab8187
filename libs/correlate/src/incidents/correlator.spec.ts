import { fingerprint } from '../labels/fingerprint';
import { IncidentCorrelator, incidentId, labelSimilarity } from './correlator';
import { DEFAULT_FLAP_OPTIONS, dampedStatus, isFlapping, newFlapState, recordStatus } from './flapping';
import { ServiceGraph } from './service-graph';

const MIN = 60_000;
// web → api → db, and a separate search → index chain.
const graph = new ServiceGraph([
  { from: 'web', to: 'api' },
  { from: 'api', to: 'db' },
  { from: 'api', to: 'cache' },
  { from: 'search', to: 'index' },
]);

const input = (service: string, alertname: string, startsAtMillis: number, status: 'firing' | 'resolved' = 'firing') => {
  const labels = { alertname, service };
  return { fingerprint: fingerprint(labels), labels, status, startsAtMillis };
};

describe('incident correlation', () => {
  it('opens one incident for a cascade along a dependency chain, with the origin named', () => {
    const c = new IncidentCorrelator(graph);
    const opened = c.observe(input('db', 'HighLatency', 0), 0);
    expect(opened).toEqual([expect.objectContaining({ type: 'opened' })]);
    c.observe(input('api', 'HighErrorRate', 1 * MIN), 1 * MIN);
    const [updated] = c.observe(input('web', 'HighErrorRate', 2 * MIN), 2 * MIN);
    expect(updated.type).toBe('updated');
    expect(updated.incident.id).toBe(opened[0].incident.id);
    expect(updated.incident.services).toEqual(['api', 'db', 'web']);
    expect(updated.incident.probableOrigin).toBe('db');
  });

  it('keeps unrelated services apart even when they fire at the same time', () => {
    const c = new IncidentCorrelator(graph);
    c.observe(input('db', 'HighLatency', 0), 0);
    const [event] = c.observe(input('index', 'HighLatency', 0), 0);
    expect(event.type).toBe('opened');
    expect(c.openIncidents()).toHaveLength(2);
  });

  it('does not join a sibling dependency that is off the path to the origin', () => {
    const c = new IncidentCorrelator(graph);
    c.observe(input('db', 'HighLatency', 0), 0);
    c.observe(input('api', 'HighErrorRate', 1 * MIN), 1 * MIN);
    // cache is called by api but is not on api's path to db: a coincidence.
    const [event] = c.observe(input('cache', 'DiskSpaceLow', 4 * MIN), 4 * MIN);
    expect(event.type).toBe('opened');
  });

  it('does not join alerts that start outside the time window', () => {
    const c = new IncidentCorrelator(graph);
    c.observe(input('db', 'HighLatency', 0), 0);
    expect(c.observe(input('api', 'HighErrorRate', 20 * MIN), 20 * MIN)[0].type).toBe('opened');
  });

  it('merges two young pieces of one cascade when an alert links them', () => {
    const c = new IncidentCorrelator(graph, { maxHops: 1 });
    const first = c.observe(input('web', 'HighErrorRate', 0), 0)[0].incident.id;
    const second = c.observe(input('db', 'HighLatency', 30_000), 30_000)[0].incident.id;
    expect(first).not.toBe(second);
    const events = c.observe(input('api', 'HighErrorRate', 60_000), 60_000);
    expect(events[0]).toMatchObject({ type: 'updated', incident: { id: first }, mergedFrom: [second] });
    expect(events[1]).toMatchObject({ type: 'resolved', mergedInto: first, incident: { id: second } });
    expect(c.openIncidents()).toHaveLength(1);
  });

  it('does not merge two unrelated cascades through a frontend that calls both', () => {
    // portal calls api (→ db) and search (→ index): a caller of nearly everything.
    const c = new IncidentCorrelator(new ServiceGraph([
      { from: 'portal', to: 'api' }, { from: 'api', to: 'db' }, { from: 'portal', to: 'search' }, { from: 'search', to: 'index' },
    ]));
    c.observe(input('portal', 'DiskSpaceLow', 0), 0);
    c.observe(input('db', 'HighLatency', 3 * MIN), 3 * MIN);
    c.observe(input('api', 'HighErrorRate', 3.5 * MIN), 3.5 * MIN);
    c.observe(input('index', 'HighLatency', 4 * MIN), 4 * MIN);
    c.observe(input('search', 'HighErrorRate', 4.2 * MIN), 4.2 * MIN);
    expect(c.openIncidents()).toHaveLength(3);
    c.observe(input('portal', 'HighErrorRate', 4.5 * MIN), 4.5 * MIN); // links all three
    const services = c.openIncidents().map((i) => i.services.join(',')).sort();
    expect(services).toEqual(['api,db,portal', 'index,search']);
  });

  it('resolves an incident once every member stayed resolved for the quiet period', () => {
    const c = new IncidentCorrelator(graph, { resolveQuietMillis: 5 * MIN });
    c.observe(input('db', 'HighLatency', 0), 0);
    c.observe(input('db', 'HighLatency', 0, 'resolved'), 10 * MIN);
    expect(c.advance(14 * MIN).filter((e) => e.type === 'resolved')).toEqual([]);
    const [resolved] = c.advance(15 * MIN);
    expect(resolved).toMatchObject({ type: 'resolved', incident: { status: 'resolved', resolvedAtMillis: 15 * MIN } });
  });

  it('derives incident ids deterministically from the first alert', () => {
    const a = new IncidentCorrelator(graph).observe(input('db', 'X', 5), 5)[0].incident.id;
    const b = new IncidentCorrelator(graph).observe(input('db', 'X', 5), 5)[0].incident.id;
    expect(a).toBe(b);
    expect(a).toBe(incidentId(fingerprint({ alertname: 'X', service: 'db' }), 5));
  });

  it('survives a JSON snapshot', () => {
    const c = new IncidentCorrelator(graph);
    const id = c.observe(input('db', 'HighLatency', 0), 0)[0].incident.id;
    const restored = new IncidentCorrelator(graph);
    restored.restore(JSON.parse(JSON.stringify(c.snapshot())));
    expect(restored.observe(input('api', 'HighErrorRate', MIN), MIN)[0].incident.id).toBe(id);
  });

  it('links alerts without a service by label similarity', () => {
    expect(labelSimilarity({ alertname: 'A', cluster: 'eu', instance: '1' }, { alertname: 'A', cluster: 'eu', instance: '2' }, ['instance'])).toBe(1);
    const c = new IncidentCorrelator(graph);
    c.observe({ fingerprint: 'a', labels: { alertname: 'NodeDown', cluster: 'eu', instance: '1' }, status: 'firing', startsAtMillis: 0 }, 0);
    const [e] = c.observe({ fingerprint: 'b', labels: { alertname: 'NodeDown', cluster: 'eu', instance: '2' }, status: 'firing', startsAtMillis: MIN }, MIN);
    expect(e.type).toBe('updated');
  });
});

describe('flapping damping', () => {
  it('holds the resolve of a flapping alert until it has been stable', () => {
    const opts = { ...DEFAULT_FLAP_OPTIONS, transitions: 4, windowMillis: 30 * MIN, stableMillis: 15 * MIN };
    const state = newFlapState('firing', 0);
    for (const [i, status] of (['resolved', 'firing', 'resolved', 'firing', 'resolved'] as const).entries()) recordStatus(state, status, (i + 1) * MIN, opts);
    expect(isFlapping(state, 5 * MIN, opts)).toBe(true);
    expect(dampedStatus(state, 10 * MIN, opts)).toBe('firing');
    expect(dampedStatus(state, 20 * MIN, opts)).toBe('resolved');
  });

  it('sends one update, not one per flap, for a flapping member', () => {
    const c = new IncidentCorrelator(graph, { flap: { windowMillis: 30 * MIN, transitions: 2, stableMillis: 15 * MIN } });
    c.observe(input('db', 'X', 0), 0);
    const events = [
      ...c.observe(input('db', 'X', 0, 'resolved'), 1 * MIN),
      ...c.observe(input('db', 'X', 0, 'firing'), 2 * MIN),
      ...c.observe(input('db', 'X', 0, 'resolved'), 3 * MIN),
      ...c.observe(input('db', 'X', 0, 'firing'), 4 * MIN),
    ];
    // The first resolve is an update; from the second transition on the alert is flapping
    // and its resolves are held, so later flips change nothing visible.
    expect(events.map((e) => e.incident.members[0].status)).toEqual(['resolved', 'firing']);
    expect(events[1].incident.members[0].flapping).toBe(true);
    expect(c.advance(5 * MIN).filter((e) => e.type === 'resolved')).toEqual([]);
  });
});
