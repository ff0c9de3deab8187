import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { BatchPattern, PARTITIONS_ASSIGNED, PARTITIONS_REVOKED, type MessageBatch, type TopicPartition } from '@vigil/bus';
import { TOPICS, decodePayload, type MetricBatch } from '@vigil/contracts';
import { CapacityPlannerService } from './capacity-planner.service';

/**
 * Membership in the `capacity-planner` group on `vigil.metrics.v1`: the assigned partitions are
 * the series this replica forecasts; batches only tell it about new series early (the history
 * itself is read from the store's rollups).
 */
@Controller()
export class CapacityMetricsConsumer {
  constructor(private readonly planner: CapacityPlannerService) {}

  @BatchPattern(TOPICS.metrics, (bytes) => decodePayload(TOPICS.metrics, bytes))
  async onMetrics(@Payload() batch: MessageBatch<MetricBatch>): Promise<void> {
    this.planner.observe(batch.messages.map((m) => m.value));
  }

  @EventPattern(PARTITIONS_ASSIGNED)
  async onAssigned(@Payload() partitions: TopicPartition[]): Promise<void> {
    this.planner.partitionsAssigned(partitions);
  }

  @EventPattern(PARTITIONS_REVOKED)
  async onRevoked(@Payload() partitions: TopicPartition[]): Promise<void> {
    this.planner.partitionsRevoked(partitions);
  }
}
