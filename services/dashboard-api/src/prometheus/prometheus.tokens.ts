export const PROMQL_ENGINE = Symbol('PROMQL_ENGINE');
