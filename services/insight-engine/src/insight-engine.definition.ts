import type { ServiceDefinition } from '@vigil/runtime';
import { InsightEngineModule } from './insight-engine.module';

/** How the runner starts insight-engine. */
export const insightEngineService: ServiceDefinition = {
  name: 'insight-engine',
  module: InsightEngineModule,
};
