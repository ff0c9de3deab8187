/**
 * The insight-engine service (a thin shell: consume → pure logic → produce/store → commit).
 * Exports its service definition for the runner; nothing else is imported from a service.
 */
export { insightEngineService } from './insight-engine.definition';
export { InsightEngineModule } from './insight-engine.module';
