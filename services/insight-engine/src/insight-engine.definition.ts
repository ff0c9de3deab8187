import type { ServiceDefinition } from '@vigil/runtime';
import { InsightEngineModule } from './insight-engine.module';

/**
 * How the runner starts insight-engine. Replicas share one consumer group: incidents are keyed
 * by incident id, anomalies and forecasts by series, feedback by target, so each is handled by
 * exactly one member; the periodic sweeps are elected by a state lease instead.
 */
export const insightEngineService: ServiceDefinition = {
  name: 'insight-engine',
  module: InsightEngineModule,
  consumerGroup: 'insight-engine',
};
