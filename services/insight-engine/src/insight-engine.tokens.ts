/** The parsed `services.insight-engine` section. */
export const INSIGHT_ENGINE_CONFIG = Symbol('insight-engine.config');
