/**
 * DI tokens through which a service receives what the runtime built. Symbols from the global
 * registry so two copies of this module (tests, tools) still agree.
 */
export const RUNTIME = Symbol.for('vigil.runtime');
export const CONFIG = Symbol.for('vigil.config');
export const LOGGER = Symbol.for('vigil.logger');
export const STORE = Symbol.for('vigil.store');
export const STATE = Symbol.for('vigil.state');
export const CLOCK = Symbol.for('vigil.clock');
export const SERVICE_NAME = Symbol.for('vigil.service-name');

/** The Bus token is the bus library's own, so its BusPublisher and ours inject the same instance. */
export { BUS } from '@vigil/bus';
