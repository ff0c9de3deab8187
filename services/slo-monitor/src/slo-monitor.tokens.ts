/** The parsed `services.slo-monitor` section. */
export const SLO_MONITOR_CONFIG = Symbol('slo-monitor.config');
