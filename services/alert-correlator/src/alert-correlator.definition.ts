import { parseSection } from '@vigil/config';
import type { ServiceDefinition } from '@vigil/runtime';
import { alertCorrelatorConfigSchema } from './alert-correlator.config';
import { AlertCorrelatorModule } from './alert-correlator.module';

/**
 * How the runner starts alert-correlator: its Alertmanager API v2 on `listen.alertmanagerApi`,
 * and a consumer group per replica (`alert-correlator.<replicaId>`): every replica holds every
 * alert, as an Alertmanager HA cluster does, and the shared notification log and claims make
 * each notification go out once (docs/decisions/100-correlator-replicas-share-the-log.md).
 */
export const alertCorrelatorService: ServiceDefinition = {
  name: 'alert-correlator',
  module: AlertCorrelatorModule,
  listener: 'alertmanagerApi',
  consumerGroup: (config) => `alert-correlator.${parseSection(config, 'alert-correlator', alertCorrelatorConfigSchema).replicaId}`,
  bodyLimitBytes: 8 * 1024 * 1024,
};
