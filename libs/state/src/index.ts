/**
 * @vigil/state — small shared state: key/value with TTL, compare-and-set, leases, prefix scans.
 *
 * Belongs here: the `StateStore` port and its adapters (`RedisState` for distributed mode,
 * `MemoryState` with atomic snapshots to the data folder for embedded mode). Does not belong
 * here: telemetry or anything queried by time (that is `@vigil/store`), message passing
 * (`@vigil/bus`), what the keys mean (each service owns its key layout).
 */
export type { StateEntry, StateStore, WriteOptions } from './state.port';
export { MemoryState, SNAPSHOT_FILE } from './memory-state';
export type { MemoryStateOptions } from './memory-state';
export { RedisState } from './redis-state';
export type { RedisStateOptions } from './redis-state';
export { textValue, valueText } from './text-value';
