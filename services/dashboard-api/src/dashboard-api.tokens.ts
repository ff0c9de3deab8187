/** DI token of the parsed `services.dashboard-api` section. */
export const DASHBOARD_API_CONFIG = Symbol('DASHBOARD_API_CONFIG');
