import type { ServiceDefinition } from '@vigil/runtime';
import { SloMonitorModule } from './slo-monitor.module';

/** How the runner starts slo-monitor. */
export const sloMonitorService: ServiceDefinition = {
  name: 'slo-monitor',
  module: SloMonitorModule,
};
