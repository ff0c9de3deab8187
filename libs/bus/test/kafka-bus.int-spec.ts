import { engineSuite } from '@vigil/testing';
import { KafkaBus } from '../src';
import { busContract } from './bus.contract';

// The same contract as MemoryBus, against a real broker. Timing is shortened so rebalances take
// a few hundred milliseconds: members heartbeat every 100 ms, fetches wait at most 100 ms.
engineSuite('KafkaBus honours the Bus contract', ['kafka'], ({ kafka }) => {
  jest.setTimeout(60_000);
  busContract({
    bus: () =>
      new KafkaBus({
        brokers: kafka.split(','),
        clientId: 'bus-contract',
        log: () => undefined, // rebalances make kafkajs log errors that are expected here
        consumer: { sessionTimeoutMillis: 6_000, heartbeatIntervalMillis: 100, rebalanceTimeoutMillis: 5_000, maxWaitMillis: 100 },
      }),
    settleMillis: 30_000,
  });
});
