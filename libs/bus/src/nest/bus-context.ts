import { BaseRpcContext } from '@nestjs/microservices';
import type { MessageBatch } from '../bus.port';

/** What `@Ctx()` gives a bus handler: where the batch came from. */
export class BusContext extends BaseRpcContext<[MessageBatch<unknown>]> {
  constructor(batch: MessageBatch<unknown>) {
    super([batch]);
  }

  getTopic(): string {
    return this.args[0].topic;
  }

  getPartition(): number {
    return this.args[0].partition;
  }

  getGroupId(): string {
    return this.args[0].groupId;
  }

  /** 1 on first delivery, more when the bus retries a failed handler in place. */
  getAttempt(): number {
    return this.args[0].attempt;
  }
}
