import { Module } from '@nestjs/common';
import { DEFAULT_ENGINE_OPTIONS, PromqlEngine } from '@vigil/promql';
import { ApiKeyRegistry } from '../auth/api-key-registry';
import { ApiKeysRepository } from '../auth/api-keys.repository';
import { AuthGuard } from '../auth/auth.guard';
import { AuditLog } from '../audit/audit.repository';
import { dashboardApiConfigSchema } from '../dashboard-api.config';
import { DASHBOARD_API_CONFIG } from '../dashboard-api.tokens';
import { TenantStore } from '../tenant-store';
import { PrometheusController } from './prometheus.controller';
import { PROMQL_ENGINE } from './prometheus.tokens';
import { PrometheusSeriesRepository } from './prometheus-series.repository';
import { parseSection, type VigilConfig } from '@vigil/config';
import { CONFIG } from '@vigil/runtime';

/** Most samples one PromQL query may read from ClickHouse (about 1 GB of evaluator memory at worst). */
const MAX_SAMPLES_PER_QUERY = 20_000_000;

/** Prometheus-compatible query API (/prometheus/api/v1/...) over Vigil's metric tables. */
@Module({
  controllers: [PrometheusController],
  providers: [
    { provide: DASHBOARD_API_CONFIG, useFactory: (config: VigilConfig) => parseSection(config, 'dashboard-api', dashboardApiConfigSchema), inject: [CONFIG] },
    { provide: PROMQL_ENGINE, useValue: new PromqlEngine({ ...DEFAULT_ENGINE_OPTIONS, maxSamples: MAX_SAMPLES_PER_QUERY }) },
    TenantStore,
    ApiKeyRegistry,
    ApiKeysRepository,
    AuditLog,
    AuthGuard,
    PrometheusSeriesRepository,
  ],
})
export class PrometheusModule {}
