/** DI tokens private to the ingest service. */
export const INGEST_CONFIG = Symbol.for('vigil.ingest.config');
export const INGEST_METRICS = Symbol.for('vigil.ingest.metrics');
export const INGEST_PUBLISHER = Symbol.for('vigil.ingest.publisher');
