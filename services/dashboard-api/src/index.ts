/**
 * The dashboard-api service (a thin shell: consume → pure logic → produce/store → commit).
 * Exports its service definition for the runner; nothing else is imported from a service.
 */
export { dashboardApiService } from './dashboard-api.definition';
export { DashboardApiModule } from './dashboard-api.module';
