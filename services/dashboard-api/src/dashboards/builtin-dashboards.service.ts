import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { LOGGER } from '@vigil/runtime';
import type { Logger } from 'pino';
import { ApiKeyRegistry } from '../auth/api-key-registry';
import type { DashboardApiConfig } from '../dashboard-api.config';
import { DASHBOARD_API_CONFIG } from '../dashboard-api.tokens';
import { BUILTIN_DASHBOARDS } from './builtin-dashboards';
import { DashboardsRepository } from './dashboards.repository';

/**
 * Creates the built-in dashboards for every tenant with a configured key, once (a dashboard the
 * user deleted or edited is left alone). Runs off the start path: startup never waits on it.
 */
@Injectable()
export class BuiltinDashboardsService implements OnApplicationBootstrap {
  constructor(
    private readonly dashboards: DashboardsRepository,
    private readonly keys: ApiKeyRegistry,
    @Inject(DASHBOARD_API_CONFIG) private readonly config: DashboardApiConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.builtinDashboards) return;
    this.ensure(this.keys.configuredTenants()).catch((error: unknown) => this.logger.warn({ err: error }, 'built-in dashboards not created; retried at next start'));
  }

  async ensure(tenants: readonly string[]): Promise<void> {
    for (const tenant of tenants) {
      const system = { tenant, role: 'admin' as const, actor: 'system:builtin' };
      for (const { id, ...input } of BUILTIN_DASHBOARDS) {
        if (await this.dashboards.get(system, id, true)) continue;
        await this.dashboards.put(system, id, input, { revision: 1, builtin: true });
      }
    }
  }
}
