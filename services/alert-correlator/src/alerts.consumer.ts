import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { BatchPattern, type MessageBatch } from '@vigil/bus';
import { TOPICS, decodePayload } from '@vigil/contracts';
import { AlertCorrelatorService } from './alert-correlator.service';
import { decodeAlertRecord, type AlertRecord } from './dead-letters';

/**
 * Consumes `vigil.alerts.v1`: each batch goes into the engines and is committed once
 * checkpointed. Undecodable messages are dead-lettered by the bus; decodable ones the engine
 * cannot take are dead-lettered by the service (both before the commit).
 */
@Controller()
export class AlertsConsumer {
  constructor(private readonly correlator: AlertCorrelatorService) {}

  @BatchPattern(TOPICS.alerts, (bytes) => decodeAlertRecord(bytes, (b) => decodePayload(TOPICS.alerts, b)))
  async onAlerts(@Payload() batch: MessageBatch<AlertRecord>): Promise<void> {
    await this.correlator.ingest(batch);
  }
}
