import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { BatchPattern, type MessageBatch } from '@vigil/bus';
import { TOPICS, decodePayload, type MetricBatch } from '@vigil/contracts';
import { SloMonitorService } from './slo-monitor.service';

/** Consumes `vigil.metrics.v1`: every series an SLO selects feeds its windows. */
@Controller()
export class SloMetricsConsumer {
  constructor(private readonly monitor: SloMonitorService) {}

  @BatchPattern(TOPICS.metrics, (bytes) => decodePayload(TOPICS.metrics, bytes))
  async onMetrics(@Payload() batch: MessageBatch<MetricBatch>): Promise<void> {
    this.monitor.ingest(batch.messages.map((m) => m.value));
  }
}
