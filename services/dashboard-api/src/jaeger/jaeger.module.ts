import { Module } from '@nestjs/common';
import { parseSection, type VigilConfig } from '@vigil/config';
import { CONFIG } from '@vigil/runtime';
import { AuditLog } from '../audit/audit.repository';
import { ApiKeyRegistry } from '../auth/api-key-registry';
import { ApiKeysRepository } from '../auth/api-keys.repository';
import { AuthGuard } from '../auth/auth.guard';
import { dashboardApiConfigSchema } from '../dashboard-api.config';
import { DASHBOARD_API_CONFIG } from '../dashboard-api.tokens';
import { TenantStore } from '../tenant-store';
import { JaegerController } from './jaeger.controller';
import { JaegerRepository } from './jaeger.repository';

/** Jaeger-compatible trace query API (/jaeger/api/...) over Vigil's spans. */
@Module({
  controllers: [JaegerController],
  providers: [
    { provide: DASHBOARD_API_CONFIG, useFactory: (config: VigilConfig) => parseSection(config, 'dashboard-api', dashboardApiConfigSchema), inject: [CONFIG] },
    TenantStore,
    ApiKeyRegistry,
    ApiKeysRepository,
    AuditLog,
    AuthGuard,
    JaegerRepository,
  ],
})
export class JaegerModule {}
