import type { ServiceName } from '@vigil/config';
import { startServices, type RunningVigil, type StartOptions } from '@vigil/runtime';
import { SERVICES } from './services';

export type { RunningVigil } from '@vigil/runtime';

/** Starts Vigil's services by name: all seven is `npm start`, one is `vigil start --service`. */
export function startVigil(options: Omit<StartOptions, 'services'> & { services: readonly ServiceName[] }): Promise<RunningVigil> {
  return startServices({ ...options, services: options.services.map((name) => SERVICES[name]) });
}
