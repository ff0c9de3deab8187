import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { parseSection, type VigilConfig } from '@vigil/config';
import { CONFIG } from '@vigil/runtime';
import { AuditInterceptor } from './audit/audit.interceptor';
import { AuditLog } from './audit/audit.repository';
import { ApiKeyRegistry } from './auth/api-key-registry';
import { ApiKeysRepository } from './auth/api-keys.repository';
import { AuthGuard } from './auth/auth.guard';
import { KeysController } from './auth/keys.controller';
import { dashboardApiConfigSchema } from './dashboard-api.config';
import { DASHBOARD_API_CONFIG } from './dashboard-api.tokens';
import { BuiltinDashboardsService } from './dashboards/builtin-dashboards.service';
import { DashboardsController } from './dashboards/dashboards.controller';
import { DashboardsRepository } from './dashboards/dashboards.repository';
import { WidgetResolver } from './dashboards/widget-resolver';
import { RangeQueryService } from './metrics/range-query.service';
import { EventsController } from './events/events.controller';
import { EventsReadRepository } from './events/events-read.repository';
import { ProblemFilter } from './http/problem';
import { JaegerModule } from './jaeger/jaeger.module';
import { PrometheusModule } from './prometheus/prometheus.module';
import { MetricsController } from './metrics/metrics.controller';
import { MetricsReadRepository } from './metrics/metrics-read.repository';
import { OpenApiController } from './openapi/openapi.controller';
import { OpenApiDocument } from './openapi/openapi.document';
import { TenantStore } from './tenant-store';
import { TracesController } from './traces/traces.controller';
import { TracesReadRepository } from './traces/traces-read.repository';
import { LlmController } from './llm/llm.controller';
import { LlmUsageRepository } from './llm/llm-usage.repository';
import { LiveGateway } from './ws/live.gateway';

/** dashboard-api: the REST API (OpenAPI at /openapi.json) over everything Vigil stores. */
@Module({
  imports: [PrometheusModule, JaegerModule],
  controllers: [OpenApiController, KeysController, MetricsController, TracesController, EventsController, DashboardsController, LlmController],
  providers: [
    { provide: DASHBOARD_API_CONFIG, useFactory: (config: VigilConfig) => parseSection(config, 'dashboard-api', dashboardApiConfigSchema), inject: [CONFIG] },
    { provide: APP_FILTER, useClass: ProblemFilter },
    TenantStore,
    ApiKeyRegistry,
    ApiKeysRepository,
    AuthGuard,
    AuditLog,
    AuditInterceptor,
    OpenApiDocument,
    MetricsReadRepository,
    EventsReadRepository,
    TracesReadRepository,
    RangeQueryService,
    DashboardsRepository,
    WidgetResolver,
    BuiltinDashboardsService,
    LiveGateway,
    LlmUsageRepository,
  ],
})
export class DashboardApiModule {}

OpenApiController.rootModules = [DashboardApiModule];
