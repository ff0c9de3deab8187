/**
 * The insight-engine service (a thin shell: consume → pure @vigil/insight logic → store/publish →
 * commit). Exports its service definition for the runner and the service class for in-process
 * callers (the CLI, dashboard-api's knowledge search); nothing else is imported from a service.
 */
export { insightEngineService } from './insight-engine.definition';
export { InsightEngineModule } from './insight-engine.module';
export { InsightEngineService } from './insight-engine.service';
