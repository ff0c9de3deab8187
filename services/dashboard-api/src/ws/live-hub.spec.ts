import { type LiveClient, LiveHub, type LiveTopic } from './live-hub';

function client(tenant: string, topics: LiveTopic[], buffered = { bytes: 0 }) {
  const received: { topic: string; seq: number; key: string }[] = [];
  const c: LiveClient = { tenant, topics: new Set(topics), bufferedBytes: () => buffered.bytes, send: (m) => void received.push(m as never), held: new Map() };
  return { c, received, buffered };
}

describe('LiveHub', () => {
  it('sends an event only to subscribers of its topic in its tenant', () => {
    const hub = new LiveHub(100, 1_000);
    const a = client('a', ['alerts']);
    const b = client('b', ['alerts']);
    const other = client('a', ['insights']);
    [a, b, other].forEach((x) => hub.add(x.c));
    hub.publish('a', 'alerts', 'fp1', {});
    expect(a.received.map((m) => m.seq)).toEqual([1]);
    expect(b.received).toEqual([]);
    expect(other.received).toEqual([]);
  });

  it('coalesces a slow client’s series updates to the latest per series but never holds back alerts or incidents', () => {
    const hub = new LiveHub(100, 1_000);
    const slow = client('a', ['anomalies', 'incidents'], { bytes: 5_000 });
    hub.add(slow.c);
    hub.publish('a', 'anomalies', 's1', { v: 1 });
    hub.publish('a', 'incidents', 'i1', {});
    hub.publish('a', 'anomalies', 's1', { v: 2 });
    hub.publish('a', 'anomalies', 's2', {});
    expect(slow.received.map((m) => m.topic)).toEqual(['incidents']);
    slow.buffered.bytes = 0;
    hub.flush();
    expect(slow.received.map((m) => `${m.topic}:${m.key}:${m.seq}`)).toEqual(['incidents:i1:2', 'anomalies:s1:3', 'anomalies:s2:4']);
  });

  it('replays what a reconnecting client missed after its cursor, and reports a gap past the ring', () => {
    const hub = new LiveHub(3, 1_000);
    for (let i = 0; i < 5; i++) hub.publish('a', 'incidents', `i${i}`, {});
    const back = client('a', ['incidents']);
    expect(hub.resume(back.c, 3)).toEqual({ replayed: 2, gap: false });
    expect(back.received.map((m) => m.seq)).toEqual([4, 5]);
    expect(hub.resume(client('a', ['incidents']).c, 1).gap).toBe(true);
  });
});
