/**
 * The ingest service (a thin shell: consume → pure logic → produce/store → commit).
 * Exports its service definition for the runner; nothing else is imported from a service.
 */
export { ingestService } from './ingest.definition';
export { IngestModule } from './ingest.module';
