import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import type { VigilConfig } from '@vigil/config';
import type { Logger } from '@vigil/observability';
import { CLOCK, CONFIG, LOGGER, type Clock } from '@vigil/runtime';
import type { IngestConfig } from '../ingest.config';
import { IngestPipeline } from '../ingest.pipeline';
import { INGEST_CONFIG, INGEST_METRICS, INGEST_PUBLISHER } from '../ingest.tokens';
import { TenantLimits } from '../limits/tenant-limits';
import { contractsFingerprinter } from '../normalize/contracts-fingerprinter';
import { SeriesIdentityCache } from '../normalize/series-identity';
import type { TelemetryPublisher } from '../pipeline/telemetry-publisher';
import type { IngestMetrics } from '../telemetry/ingest-metrics';
import { registerIngestRoutes } from './ingest-routes';
import { TenantAuth } from './tenant-auth';

/** Wires the ingest pipeline and mounts its routes on the service's Fastify app at init. */
@Injectable()
export class IngestHttpService implements OnModuleInit {
  constructor(
    @Inject(CONFIG) private readonly config: VigilConfig,
    @Inject(INGEST_CONFIG) private readonly ingestConfig: IngestConfig,
    @Inject(INGEST_METRICS) private readonly metrics: IngestMetrics,
    @Inject(INGEST_PUBLISHER) private readonly publisher: TelemetryPublisher,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.publisher.start();
    const cfg = this.ingestConfig;
    const pipeline = new IngestPipeline(
      cfg,
      new SeriesIdentityCache(cfg.labels, contractsFingerprinter),
      new TenantLimits(cfg.tenants),
      this.publisher,
      this.metrics,
      this.clock,
    );
    const app = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    registerIngestRoutes(app, {
      pipeline,
      auth: new TenantAuth(this.config.auth.apiKeys, this.config.auth.anonymousLoopbackTenant),
      metrics: this.metrics,
      logger: this.logger,
      maxBodyBytes: cfg.maxBodyBytes,
    });
  }
}
