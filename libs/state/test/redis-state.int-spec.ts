import { engineSuite } from '@vigil/testing';
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
