import { MemoryBus } from '../src';
import { busContract } from './bus.contract';

// The memory bus runs the same contract as Kafka, in milliseconds.
describe('MemoryBus honours the Bus contract', () => {
  busContract({ bus: () => new MemoryBus(), settleMillis: 5_000 });
});
