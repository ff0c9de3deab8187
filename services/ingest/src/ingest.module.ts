import { Module } from '@nestjs/common';
import type { Bus } from '@vigil/bus';
import { parseSection, type VigilConfig } from '@vigil/config';
import { METRICS } from '@vigil/observability';
import type { Registry } from '@vigil/observability';
import { BUS, CONFIG } from '@vigil/runtime';
import { IngestHttpService } from './http/ingest-http.service';
import { type IngestConfig, ingestConfigSchema } from './ingest.config';
import { INGEST_CONFIG, INGEST_METRICS, INGEST_PUBLISHER } from './ingest.tokens';
import { TelemetryPublisher } from './pipeline/telemetry-publisher';
import { IngestMetrics } from './telemetry/ingest-metrics';
import { IngestWriterService } from './writer/ingest-writer.service';

/**
 * The ingest service: the HTTP front door (OTLP, remote_write, Alertmanager webhook, JSON
 * points) publishing to the telemetry topics, and the writer (consumer group `ingest-writer`)
 * inserting those topics into the store.
 */
@Module({
  providers: [
    { provide: INGEST_CONFIG, useFactory: (config: VigilConfig) => parseSection(config, 'ingest', ingestConfigSchema), inject: [CONFIG] },
    { provide: INGEST_PUBLISHER, useFactory: (bus: Bus, cfg: IngestConfig) => new TelemetryPublisher(bus, cfg.publish), inject: [BUS, INGEST_CONFIG] },
    {
      provide: INGEST_METRICS,
      useFactory: (registry: Registry, publisher: TelemetryPublisher) => new IngestMetrics(registry, () => publisher.inFlightPoints),
      inject: [METRICS, INGEST_PUBLISHER],
    },
    IngestHttpService,
    IngestWriterService,
  ],
})
export class IngestModule {}
