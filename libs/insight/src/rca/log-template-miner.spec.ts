import { TemplateMiner, tokenize, WILDCARD } from './log-template-miner';

describe('TemplateMiner', () => {
  it('groups lines that differ only in variables into one template', () => {
    const miner = new TemplateMiner();
    const first = miner.add('Connection to 10.0.0.12:5432 refused after 3 retries');
    const second = miner.add('Connection to 10.0.0.13:5432 refused after 5 retries');

    expect(second.id).toBe(first.id);
    expect(second.text).toBe(`Connection to ${WILDCARD} refused after ${WILDCARD} retries`);
    expect(second.size).toBe(2);
  });

  it('generalises a word that varies and keeps matching afterwards', () => {
    const miner = new TemplateMiner();
    miner.add('user alice logged in from web');
    const merged = miner.add('user bob logged in from web');
    const matched = miner.match('user carol logged in from web');

    expect(merged.text).toBe(`user ${WILDCARD} logged in from web`);
    expect(matched?.id).toBe(merged.id);
  });

  it('keeps different messages apart, including ones of the same length', () => {
    const miner = new TemplateMiner();
    const a = miner.add('cache miss for key 42');
    const b = miner.add('payment declined by issuer bank');
    const c = miner.add('GET /cart 200 in 12ms');

    expect(new Set([a.id, b.id, c.id]).size).toBe(3);
    expect(miner.templates()).toHaveLength(3);
    expect(miner.match('disk quota exceeded on volume data')).toBeNull();
  });

  it('masks numbers, hex ids, UUIDs and IPs when tokenizing', () => {
    expect(
      tokenize('req 7f3a9c21e4b0 took 35ms from 192.168.1.2 id 550e8400-e29b-41d4-a716-446655440000'),
    ).toEqual(['req', WILDCARD, 'took', WILDCARD, 'from', WILDCARD, 'id', WILDCARD]);
  });
});
