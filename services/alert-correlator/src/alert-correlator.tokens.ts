/** DI token of the parsed `services.alert-correlator` section. */
export const ALERT_CORRELATOR_CONFIG = Symbol('ALERT_CORRELATOR_CONFIG');
