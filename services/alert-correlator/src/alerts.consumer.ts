import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { BatchPattern, type MessageBatch } from '@vigil/bus';
import { TOPICS, decodePayload, type Alert } from '@vigil/contracts';
import { AlertCorrelatorService } from './alert-correlator.service';

/** Consumes `vigil.alerts.v1`: each batch goes into the engines and is committed once checkpointed. */
@Controller()
export class AlertsConsumer {
  constructor(private readonly correlator: AlertCorrelatorService) {}

  @BatchPattern(TOPICS.alerts, (bytes) => decodePayload(TOPICS.alerts, bytes))
  async onAlerts(@Payload() batch: MessageBatch<Alert>): Promise<void> {
    await this.correlator.ingest(batch.messages.map((m) => m.value));
  }
}
