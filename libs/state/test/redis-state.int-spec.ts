import { engineSuite, freePort } from '@vigil/testing';
import { RedisState } from '../src';
import { stateContract } from './state.contract';

// Real Redis; each test gets its own namespace, and TTLs really pass (hence the short ones).
engineSuite('RedisState honours the StateStore contract', ['redis'], ({ redis }) => {
  let run = 0;
  stateContract({
    open: async () => new RedisState({ url: redis, namespace: `test:state:${process.pid}:${Date.now()}:${++run}:` }),
    advance: (millis) => new Promise((resolve) => setTimeout(resolve, millis)),
  });
});

describe('RedisState without a server', () => {
  it('fails ping (readiness) instead of hanging when nothing listens', async () => {
    const port = await freePort();
    const errors: Error[] = [];
    const state = new RedisState({ url: `redis://127.0.0.1:${port}`, onConnectionError: (error) => errors.push(error) });
    await expect(state.ping()).rejects.toThrow();
    expect(errors.length).toBeGreaterThan(0);
    await state.close();
  });
});
