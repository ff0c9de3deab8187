/**
 * The silence port and the silence operations Alertmanager's API performs on it.
 *
 * `SilenceStore` is the narrow storage interface (an in-memory adapter lives here; the
 * service plugs a Redis-backed one in, shared by replicas). `Silences` holds the rules:
 * create, update in place or replace, expire, query by state — with the clock passed in.
 */
import type { LabelSet } from '../labels/fingerprint';
import type { MatcherSpec } from '../labels/matcher';
import type { Silence, SilenceState } from './silence';
import {
  InvalidSilenceError,
  SilenceNotFoundError,
  canUpdateInPlace,
  silenceMatches,
  silenceState,
  validateSilence,
} from './silence';

/** Where silences live. Implementations must be safe to share between replicas. */
export interface SilenceStore {
  /** The silence with this id, expired ones included until garbage-collected. */
  get(id: string): Promise<Silence | undefined>;
  /** Every stored silence. */
  list(): Promise<Silence[]>;
  /** Inserts or replaces the silence with `silence.id`. */
  put(silence: Silence): Promise<void>;
  /** Removes silences, e.g. expired ones past retention. */
  remove(ids: readonly string[]): Promise<void>;
}

export class InMemorySilenceStore implements SilenceStore {
  private readonly silences = new Map<string, Silence>();

  constructor(initial: readonly Silence[] = []) {
    for (const s of initial) this.silences.set(s.id, s);
  }

  async get(id: string): Promise<Silence | undefined> {
    return this.silences.get(id);
  }

  async list(): Promise<Silence[]> {
    return [...this.silences.values()];
  }

  async put(silence: Silence): Promise<void> {
    this.silences.set(silence.id, silence);
  }

  async remove(ids: readonly string[]): Promise<void> {
    for (const id of ids) this.silences.delete(id);
  }

  /** Plain data for a snapshot; `new InMemorySilenceStore(snapshot)` restores it. */
  snapshot(): Silence[] {
    return [...this.silences.values()];
  }
}

/** A silence as the API receives it; `id` set means "update this one". */
export interface SilenceInput {
  readonly id?: string;
  readonly matchers: readonly MatcherSpec[];
  readonly startsAtMillis: number;
  readonly endsAtMillis: number;
  readonly createdBy: string;
  readonly comment: string;
}

/** Alertmanager keeps expired silences for this long (its `--data.retention` default). */
export const DEFAULT_SILENCE_RETENTION_MILLIS = 120 * 3_600_000;

export class Silences {
  constructor(
    private readonly store: SilenceStore,
    /** Makes ids for new silences (a UUID generator in the service). */
    private readonly newId: () => string,
  ) {}

  /**
   * Creates or updates a silence and returns its id. As in Alertmanager: an update that
   * would rewrite history expires the old silence and creates a new one with a new id; a start
   * in the past becomes now; the end may not be in the past.
   */
  async set(input: SilenceInput, nowMillis: number): Promise<string> {
    validateSilence(input);
    if (input.endsAtMillis <= input.startsAtMillis) throw new InvalidSilenceError('start time must be before end time');
    if (input.endsAtMillis < nowMillis) throw new InvalidSilenceError("end time can't be in the past");
    const previous = input.id ? await this.store.get(input.id) : undefined;
    if (input.id && !previous) throw new SilenceNotFoundError(input.id);
    if (previous) {
      if (canUpdateInPlace(previous, input, nowMillis)) {
        await this.store.put({ ...this.fields(input), id: previous.id, updatedAtMillis: nowMillis });
        return previous.id;
      }
      if (silenceState(previous, nowMillis) !== 'expired') await this.expire(previous.id, nowMillis);
    }
    const id = this.newId();
    const startsAtMillis = Math.max(input.startsAtMillis, nowMillis);
    await this.store.put({ ...this.fields(input), id, startsAtMillis, updatedAtMillis: nowMillis });
    return id;
  }

  /** Ends a silence now: an active one's end becomes now; a pending one's start and end. */
  async expire(id: string, nowMillis: number): Promise<void> {
    const silence = await this.store.get(id);
    if (!silence) throw new SilenceNotFoundError(id);
    const state = silenceState(silence, nowMillis);
    if (state === 'expired') throw new InvalidSilenceError(`silence ${id} already expired`);
    const startsAtMillis = state === 'pending' ? nowMillis : silence.startsAtMillis;
    await this.store.put({ ...silence, startsAtMillis, endsAtMillis: nowMillis, updatedAtMillis: nowMillis });
  }

  async get(id: string): Promise<Silence | undefined> {
    return this.store.get(id);
  }

  /** Silences, optionally only those in `state` at `nowMillis`. */
  async query(nowMillis: number, state?: SilenceState): Promise<Silence[]> {
    const all = await this.store.list();
    return state ? all.filter((s) => silenceState(s, nowMillis) === state) : all;
  }

  /** Ids of active silences that match the labels, sorted. */
  async mutedBy(labels: LabelSet, nowMillis: number): Promise<string[]> {
    const active = await this.query(nowMillis, 'active');
    return active.filter((s) => silenceMatches(s, labels)).map((s) => s.id).sort();
  }

  /** Removes silences expired for longer than the retention. */
  async collectGarbage(nowMillis: number, retentionMillis = DEFAULT_SILENCE_RETENTION_MILLIS): Promise<number> {
    const all = await this.store.list();
    const old = all.filter((s) => s.endsAtMillis + retentionMillis < nowMillis).map((s) => s.id);
    await this.store.remove(old);
    return old.length;
  }

  private fields(input: SilenceInput): Omit<Silence, 'id' | 'updatedAtMillis'> {
    return {
      matchers: input.matchers.map((m) => ({ type: m.type, name: m.name, value: m.value })),
      startsAtMillis: input.startsAtMillis,
      endsAtMillis: input.endsAtMillis,
      createdBy: input.createdBy,
      comment: input.comment,
    };
  }
}
