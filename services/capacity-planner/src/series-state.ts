import type { CapacityAction } from '@vigil/forecast';
import type { OpenAlert } from './series-plan';

/**
 * What the planner remembers per series in the state store (shared by replicas, survives
 * restarts): the last cycle that handled it (the claim that keeps two replicas from forecasting
 * it twice in one cycle), per horizon the newest input step forecast and the action it gave,
 * how far its forecasts were scored, and the alert it has open (so a restart does not re-alert).
 */
export interface SeriesState {
  readonly version: 1;
  /** The cycle that claimed the series last. */
  readonly cycle: number;
  /** The last cycle whose effects (store, bus) are done. */
  readonly completedCycle: number;
  readonly horizons: Readonly<Record<string, HorizonState>>;
  readonly action: CapacityAction;
  readonly open: OpenAlert | null;
}

export interface HorizonState {
  /** Time of the newest observed step the last forecast used. */
  readonly inputMillis: number;
  readonly action: CapacityAction;
  readonly rule: string;
  readonly hasForecast: boolean;
  /** Forecasts generated at or before this time are scored. */
  readonly scoredThroughMillis: number;
}

const utf8 = new TextEncoder();
const text = new TextDecoder();

export const EMPTY_STATE: SeriesState = { version: 1, cycle: -1, completedCycle: -1, horizons: {}, action: 'maintain_current_capacity', open: null };

export function seriesStateKey(tenant: string, fingerprintHex: string): string {
  return `capacity-planner/series/${tenant}/${fingerprintHex}`;
}

export function encodeSeriesState(state: SeriesState): Uint8Array {
  return utf8.encode(JSON.stringify(state));
}

export function decodeSeriesState(bytes: Uint8Array | undefined): SeriesState {
  if (!bytes) return EMPTY_STATE;
  const parsed = JSON.parse(text.decode(bytes)) as SeriesState;
  return parsed.version === 1 ? parsed : EMPTY_STATE;
}
