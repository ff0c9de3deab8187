/**
 * The slo-monitor service (a thin shell: consume → pure logic → produce/store → commit).
 * Exports its service definition for the runner; nothing else is imported from a service.
 */
export { sloMonitorService } from './slo-monitor.definition';
export { SloMonitorModule } from './slo-monitor.module';
