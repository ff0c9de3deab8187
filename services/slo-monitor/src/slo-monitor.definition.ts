import { parseSection } from '@vigil/config';
import type { ServiceDefinition } from '@vigil/runtime';
import { sloMonitorConfigSchema } from './slo-monitor.config';
import { SloMonitorModule } from './slo-monitor.module';

/**
 * How the runner starts slo-monitor. Each replica is its own consumer group: an SLO's ratio
 * needs every series it selects, which a partition split would scatter (decision 006).
 */
export const sloMonitorService: ServiceDefinition = {
  name: 'slo-monitor',
  module: SloMonitorModule,
  // A new replica refills its windows from the store (backfill), so it need not replay the topic.
  startFrom: 'latest',
  consumerGroup: (config) => `slo-monitor.${parseSection(config, 'slo-monitor', sloMonitorConfigSchema).replicaId}`,
};
