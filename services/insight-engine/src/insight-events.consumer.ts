import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { BatchPattern, type MessageBatch } from '@vigil/bus';
import { TOPICS, decodePayload, type Alert, type Anomaly, type Feedback, type Forecast, type Incident } from '@vigil/contracts';
import { InsightEngineService } from './insight-engine.service';

const values = <T>(batch: MessageBatch<T>): T[] => batch.messages.map((m) => m.value);

/**
 * The topics insight-engine consumes, one partition's batch at a time; a batch is committed once
 * its insights are stored and published (a throw retries, then redelivers: ids are deterministic).
 */
@Controller()
export class InsightEventsConsumer {
  constructor(private readonly engine: InsightEngineService) {}

  @BatchPattern(TOPICS.incidents, (bytes) => decodePayload(TOPICS.incidents, bytes))
  async onIncidents(@Payload() batch: MessageBatch<Incident>): Promise<void> {
    await this.engine.onIncidents(values(batch));
  }

  @BatchPattern(TOPICS.anomalies, (bytes) => decodePayload(TOPICS.anomalies, bytes))
  async onAnomalies(@Payload() batch: MessageBatch<Anomaly>): Promise<void> {
    await this.engine.onAnomalies(values(batch));
  }

  @BatchPattern(TOPICS.forecasts, (bytes) => decodePayload(TOPICS.forecasts, bytes))
  async onForecasts(@Payload() batch: MessageBatch<Forecast>): Promise<void> {
    await this.engine.onForecasts(values(batch));
  }

  @BatchPattern(TOPICS.alerts, (bytes) => decodePayload(TOPICS.alerts, bytes))
  async onAlerts(@Payload() batch: MessageBatch<Alert>): Promise<void> {
    await this.engine.onAlerts(values(batch));
  }

  @BatchPattern(TOPICS.feedback, (bytes) => decodePayload(TOPICS.feedback, bytes))
  async onFeedback(@Payload() batch: MessageBatch<Feedback>): Promise<void> {
    await this.engine.onFeedback(values(batch));
  }
}
