import type { ServiceDefinition } from '@vigil/runtime';
import { AlertCorrelatorModule } from './alert-correlator.module';

/** How the runner starts alert-correlator (its own API on config listen.alertmanagerApi). */
export const alertCorrelatorService: ServiceDefinition = {
  name: 'alert-correlator',
  module: AlertCorrelatorModule,
  listener: 'alertmanagerApi',
};
