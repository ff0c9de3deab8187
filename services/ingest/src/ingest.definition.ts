import type { ServiceDefinition } from '@vigil/runtime';
import { IngestModule } from './ingest.module';

/** How the runner starts ingest (its own API on config listen.ingest). */
export const ingestService: ServiceDefinition = {
  name: 'ingest',
  module: IngestModule,
  listener: 'ingest',
};
