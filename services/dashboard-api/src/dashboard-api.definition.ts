import type { ServiceDefinition } from '@vigil/runtime';
import { DashboardApiModule } from './dashboard-api.module';

/** How the runner starts dashboard-api (its own API on config listen.dashboardApi). */
export const dashboardApiService: ServiceDefinition = {
  name: 'dashboard-api',
  module: DashboardApiModule,
  listener: 'dashboardApi',
};
