/**
 * Flapping damping: an alert that changes state often within a window is "flapping"; while it
 * is, its resolve is held until it has stayed resolved for a stable period, so one unstable
 * check does not open, resolve and reopen an incident (and page) every few minutes.
 */

export interface FlapOptions {
  /** Transitions are counted over this window. */
  readonly windowMillis: number;
  /** This many transitions within the window make an alert flapping. */
  readonly transitions: number;
  /** A flapping alert counts as resolved only after staying resolved this long. */
  readonly stableMillis: number;
}

export const DEFAULT_FLAP_OPTIONS: FlapOptions = { windowMillis: 30 * 60_000, transitions: 4, stableMillis: 15 * 60_000 };

export interface FlapState {
  /** Times of recent firing↔resolved transitions. */
  transitionsMillis: number[];
  lastStatus: 'firing' | 'resolved';
  lastChangeMillis: number;
}

export function newFlapState(status: 'firing' | 'resolved', atMillis: number): FlapState {
  return { transitionsMillis: [], lastStatus: status, lastChangeMillis: atMillis };
}

/** Records a status observation; returns true when the status changed. */
export function recordStatus(state: FlapState, status: 'firing' | 'resolved', atMillis: number, options: FlapOptions): boolean {
  state.transitionsMillis = state.transitionsMillis.filter((t) => t > atMillis - options.windowMillis);
  if (status === state.lastStatus) return false;
  state.transitionsMillis.push(atMillis);
  state.lastStatus = status;
  state.lastChangeMillis = atMillis;
  return true;
}

export function isFlapping(state: FlapState, atMillis: number, options: FlapOptions): boolean {
  return state.transitionsMillis.filter((t) => t > atMillis - options.windowMillis).length >= options.transitions;
}

/** The status to act on: a flapping alert's resolve is held until it is stable. */
export function dampedStatus(state: FlapState, atMillis: number, options: FlapOptions): 'firing' | 'resolved' {
  if (state.lastStatus === 'firing') return 'firing';
  if (isFlapping(state, atMillis, options) && atMillis - state.lastChangeMillis < options.stableMillis) return 'firing';
  return 'resolved';
}
