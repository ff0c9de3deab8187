import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { BatchPattern, PARTITIONS_ASSIGNED, PARTITIONS_REVOKED, type MessageBatch, type TopicPartition } from '@vigil/bus';
import { TOPICS, decodePayload, type Feedback, type MetricBatch } from '@vigil/contracts';
import { AnomalyDetectorService } from './anomaly-detector.service';

/**
 * Membership in the `anomaly-detector` group: `vigil.metrics.v1` partitions are the series this
 * replica scores (their detectors load on assignment), and `vigil.feedback.v1` brings
 * false-positive reports, routed to whichever replica owns the series.
 */
@Controller()
export class AnomalyDetectorConsumer {
  constructor(private readonly detector: AnomalyDetectorService) {}

  @BatchPattern(TOPICS.metrics, (bytes) => decodePayload(TOPICS.metrics, bytes))
  async onMetrics(@Payload() batch: MessageBatch<MetricBatch>): Promise<void> {
    await this.detector.scoreBatch(batch);
  }

  @BatchPattern(TOPICS.feedback, (bytes) => decodePayload(TOPICS.feedback, bytes))
  async onFeedback(@Payload() batch: MessageBatch<Feedback>): Promise<void> {
    await this.detector.takeFeedback(batch);
  }

  @EventPattern(PARTITIONS_ASSIGNED)
  async onAssigned(@Payload() partitions: TopicPartition[]): Promise<void> {
    await this.detector.partitionsAssigned(partitions);
  }

  @EventPattern(PARTITIONS_REVOKED)
  async onRevoked(@Payload() partitions: TopicPartition[]): Promise<void> {
    await this.detector.partitionsRevoked(partitions);
  }
}
