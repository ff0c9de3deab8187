/**
 * The alert-correlator service (a thin shell: consume → pure logic → produce/store → commit).
 * Exports its service definition for the runner; nothing else is imported from a service.
 */
export { alertCorrelatorService } from './alert-correlator.definition';
export { AlertCorrelatorModule } from './alert-correlator.module';
