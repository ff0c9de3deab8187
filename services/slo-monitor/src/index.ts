/**
 * The slo-monitor service (a thin shell: consume → pure logic → produce/store → commit).
 * Exports its service definition for the runner, and for the CLI the SLO folder reader and
 * the status query (`vigil slo rules`, `vigil slo status`).
 */
export { sloMonitorService } from './slo-monitor.definition';
export { SloMonitorModule } from './slo-monitor.module';
export { readSloFolder, DEFAULT_TENANT } from './slo-folder';
export { SloStatusRepository } from './slo-status.repository';
export type { SloStatusRow } from './slo-status.repository';
