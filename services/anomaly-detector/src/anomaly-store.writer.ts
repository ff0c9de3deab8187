import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Bus, BusConsumer, MessageBatch, TopicHandler } from '@vigil/bus';
import { AlertSource, TOPICS, decodePayload, type Alert, type Anomaly } from '@vigil/contracts';
import type { Logger } from '@vigil/observability';
import { BUS, LOGGER, STORE } from '@vigil/runtime';
import { EventsRepository, retentionPolicy, type Store } from '@vigil/store';
import type { AnomalyDetectorConfig } from './anomaly-detector.config';
import { ANOMALY_DETECTOR_CONFIG } from './anomaly-detector.tokens';

/** The writer's consumer group: the detectors' group name + this suffix. */
export const STORE_GROUP_SUFFIX = '-store';

/**
 * Persists what the detector published (decision 161): a consumer group of its own
 * (`<consumerGroup>-store`) on `vigil.anomalies.v1` and `vigil.alerts.v1` inserts each partition
 * batch into the store and commits only after the insert, so a store that is slow or down never
 * holds up scoring. Nothing is lost: an anomaly is on the topic (acks=all) before the metrics
 * batch that found it commits, and this group commits only what it stored. A redelivered batch
 * with the same offsets carries the same deduplication token; any other repeat is folded by id
 * (ReplacingMergeTree, decision 131). Alerts from other sources are stored by their owners.
 */
@Injectable()
export class AnomalyStoreWriter implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly events: EventsRepository;
  private consumer?: BusConsumer;
  private starting?: Promise<void>;

  constructor(
    @Inject(ANOMALY_DETECTOR_CONFIG) private readonly config: AnomalyDetectorConfig,
    @Inject(STORE) store: Store,
    @Inject(BUS) private readonly bus: Bus,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.events = new EventsRepository(store, retentionPolicy());
  }

  /** Joins in the background: a Kafka group join takes seconds and must not delay the service's start. */
  onApplicationBootstrap(): void {
    const anomalies: TopicHandler<Anomaly> = {
      topic: TOPICS.anomalies,
      decode: (bytes) => decodePayload(TOPICS.anomalies, bytes),
      handle: (batch) => this.events.insertAnomalies(values(batch), tokenOf(batch)),
    };
    const alerts: TopicHandler<Alert> = {
      topic: TOPICS.alerts,
      decode: (bytes) => decodePayload(TOPICS.alerts, bytes),
      handle: (batch) => this.events.insertAlerts(values(batch).filter((a) => a.source === AlertSource.ANOMALY_DETECTOR), tokenOf(batch)),
    };
    const groupId = `${this.config.consumerGroup}${STORE_GROUP_SUFFIX}`;
    const log = this.logger.child({ component: 'anomaly-store-writer' });
    this.consumer = this.bus.consumer({
      groupId,
      handlers: [anomalies, alerts] as TopicHandler<unknown>[],
      onError: (error, info) => log.error({ err: error, ...info }, 'storing detector events failed; retried'),
    });
    this.starting = this.consumer.start().catch((error: unknown) => log.error({ err: error, groupId }, 'store writer could not join its group'));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.starting;
    await this.consumer?.stop();
  }
}

const values = <T>(batch: MessageBatch<T>): T[] => batch.messages.map((m) => m.value);

/** Same offsets, same token: an in-place retry or a redelivery cut the same way stores nothing twice. */
const tokenOf = (batch: MessageBatch<unknown>): string =>
  `anomaly-detector-store/${batch.topic}/${batch.partition}/${batch.messages[0].offset}-${batch.messages[batch.messages.length - 1].offset}`;
