/**
 * Silences with Alertmanager 0.25's rules: state from the clock (pending before startsAt,
 * expired after endsAt, active between, both ends inclusive), what a change may touch
 * without rewriting history (`canUpdate`), and what makes a silence valid.
 */
import type { LabelSet } from '../labels/fingerprint';
import type { MatcherSpec } from '../labels/matcher';
import type { Matcher } from '../labels/matcher';
import { compileMatcher, isValidLabelName, matchersString, matchesAll } from '../labels/matcher';

export interface Silence {
  readonly id: string;
  readonly matchers: readonly MatcherSpec[];
  readonly startsAtMillis: number;
  readonly endsAtMillis: number;
  readonly updatedAtMillis: number;
  readonly createdBy: string;
  readonly comment: string;
}

export type SilenceState = 'pending' | 'active' | 'expired';

export class InvalidSilenceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidSilenceError';
  }
}

export class SilenceNotFoundError extends Error {
  constructor(readonly id: string) {
    super(`silence ${id} not found`);
    this.name = 'SilenceNotFoundError';
  }
}

export function silenceState(silence: Pick<Silence, 'startsAtMillis' | 'endsAtMillis'>, nowMillis: number): SilenceState {
  if (nowMillis < silence.startsAtMillis) return 'pending';
  if (nowMillis > silence.endsAtMillis) return 'expired';
  return 'active';
}

/** True when every matcher of the silence matches the labels. */
export function silenceMatches(silence: Pick<Silence, 'matchers'>, labels: LabelSet): boolean {
  return matchesAll(compiled(silence.matchers), labels);
}

/** Compiled matchers by their string form: silences come back from the store as new objects. */
const compiledCache = new Map<string, Matcher[]>();
const COMPILED_CACHE_LIMIT = 10_000;

function compiled(specs: readonly MatcherSpec[]): Matcher[] {
  const key = matchersString(specs);
  let matchers = compiledCache.get(key);
  if (!matchers) {
    matchers = specs.map(compileMatcher);
    if (compiledCache.size >= COMPILED_CACHE_LIMIT) compiledCache.clear();
    compiledCache.set(key, matchers);
  }
  return matchers;
}

/** `validateSilence` plus the API's time checks for a silence about to be stored. */
export function validateSilence(silence: Omit<Silence, 'id' | 'updatedAtMillis'>): void {
  if (silence.matchers.length === 0) throw new InvalidSilenceError('at least one matcher required');
  let allMatchEmpty = true;
  for (const spec of silence.matchers) {
    if (!isValidLabelName(spec.name)) throw new InvalidSilenceError(`invalid label name "${spec.name}"`);
    let matcher;
    try {
      matcher = compileMatcher(spec);
    } catch (error) {
      throw new InvalidSilenceError(`invalid matcher: ${(error as Error).message}`);
    }
    if (!matcher.matches('')) allMatchEmpty = false;
  }
  if (allMatchEmpty) throw new InvalidSilenceError('at least one matcher must not match the empty string');
  if (silence.endsAtMillis < silence.startsAtMillis) throw new InvalidSilenceError('end time must not be before start time');
}

function sameMatchers(a: readonly MatcherSpec[], b: readonly MatcherSpec[]): boolean {
  return a.length === b.length && a.every((m, i) => m.type === b[i].type && m.name === b[i].name && m.value === b[i].value);
}

/**
 * `canUpdate`: a change that keeps the matchers may edit an active silence's end (not into
 * the past, start unchanged) or a pending silence's times (start not in the past); an
 * expired silence is never edited. Anything else expires the old silence and makes a new one.
 */
export function canUpdateInPlace(previous: Silence, next: Omit<Silence, 'id' | 'updatedAtMillis'>, nowMillis: number): boolean {
  if (!sameMatchers(previous.matchers, next.matchers)) return false;
  switch (silenceState(previous, nowMillis)) {
    case 'active':
      return next.startsAtMillis === previous.startsAtMillis && next.endsAtMillis >= nowMillis;
    case 'pending':
      return next.startsAtMillis >= nowMillis;
    case 'expired':
      return false;
  }
}
