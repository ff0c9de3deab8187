import { collectDefaultMetrics, Registry } from 'prom-client';

export { Registry } from 'prom-client';

/**
 * One Prometheus registry per process. In embedded mode the seven services share it and tell
 * their series apart by the `service` label each metric carries.
 */
export function createMetricsRegistry(defaultLabels: Record<string, string> = {}): Registry {
  const registry = new Registry();
  registry.setDefaultLabels(defaultLabels);
  collectDefaultMetrics({ register: registry, prefix: 'vigil_' });
  return registry;
}
