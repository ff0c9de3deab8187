/**
 * Scripted alert streams, posted the way Prometheus posts them, and the notifications they
 * produce as tick-quantised tuples (receiver, group key, status, sorted fingerprint:status).
 * The same scenario drives the pure engine here and the real Alertmanager in the differential
 * benchmark, so both sides are compared on exactly this shape.
 */
import type { LabelSet } from '../labels/fingerprint';
import { fingerprint } from '../labels/fingerprint';
import type { MatcherSpec } from '../labels/matcher';

export type ScenarioStep =
  /** Alerts start firing (or keep firing) at `at`. */
  | { readonly at: number; readonly fire: readonly LabelSet[] }
  /** Alerts resolve: posted with endsAt = now, as Prometheus does. */
  | { readonly at: number; readonly resolve: readonly LabelSet[] }
  /** A silence from `at` for `forTicks`; `ref` names it for a later expire. */
  | {
      readonly at: number;
      /** Created at `at`, active from `at + startsInTicks` (pending until then) for `forTicks`. */
      readonly silence: { readonly ref: string; readonly matchers: readonly MatcherSpec[]; readonly forTicks: number; readonly startsInTicks?: number };
    }
  | { readonly at: number; readonly expireSilence: string };

export interface Scenario {
  readonly name: string;
  /** Alertmanager YAML; webhook receivers only (the differential records webhook calls). */
  readonly config: string;
  readonly tickMillis: number;
  /** The scenario ends after this many ticks. */
  readonly durationTicks: number;
  /** Prometheus re-sends firing alerts; this often (in ticks), with endsAt 4 re-sends ahead. */
  readonly resendEveryTicks: number;
  readonly steps: readonly ScenarioStep[];
}

export interface NotificationTuple {
  readonly tick: number;
  readonly receiver: string;
  readonly groupKey: string;
  readonly status: 'firing' | 'resolved';
  /** `fingerprint:status`, sorted. */
  readonly alerts: readonly string[];
}

/** One POST /api/v2/alerts body item, with absolute times. */
export interface ScenarioPost {
  readonly labels: LabelSet;
  readonly startsAtMillis: number;
  readonly endsAtMillis: number;
}

/** What to do at one instant, in order. */
export type ScenarioAction =
  | { readonly kind: 'post'; readonly atMillis: number; readonly alerts: readonly ScenarioPost[] }
  | {
      readonly kind: 'silence';
      readonly atMillis: number;
      readonly ref: string;
      readonly matchers: readonly MatcherSpec[];
      readonly startsAtMillis: number;
      readonly endsAtMillis: number;
    }
  | { readonly kind: 'expire'; readonly atMillis: number; readonly ref: string };

/**
 * Expands a scenario into timed actions relative to `t0Millis`: explicit steps plus
 * Prometheus-style re-sends of every alert still firing.
 */
export function scenarioActions(scenario: Scenario, t0Millis: number): ScenarioAction[] {
  const tick = scenario.tickMillis;
  const validityMillis = 4 * scenario.resendEveryTicks * tick;
  const firingSince = new Map<string, { labels: LabelSet; startsAtMillis: number }>();
  const actions: ScenarioAction[] = [];
  const steps = [...scenario.steps].sort((a, b) => a.at - b.at);
  let nextStep = 0;
  for (let t = 0; t <= scenario.durationTicks; t++) {
    const atMillis = t0Millis + t * tick;
    const posts: ScenarioPost[] = [];
    while (nextStep < steps.length && steps[nextStep].at <= t) {
      const step = steps[nextStep++];
      const stepMillis = t0Millis + step.at * tick;
      if ('fire' in step) {
        for (const labels of step.fire) {
          const fp = fingerprint(labels);
          const since = firingSince.get(fp) ?? { labels, startsAtMillis: stepMillis };
          firingSince.set(fp, since);
          posts.push({ labels, startsAtMillis: since.startsAtMillis, endsAtMillis: stepMillis + validityMillis });
        }
      } else if ('resolve' in step) {
        for (const labels of step.resolve) {
          const fp = fingerprint(labels);
          const since = firingSince.get(fp);
          firingSince.delete(fp);
          posts.push({ labels, startsAtMillis: since?.startsAtMillis ?? stepMillis, endsAtMillis: stepMillis });
        }
      } else if ('silence' in step) {
        const startsAtMillis = stepMillis + (step.silence.startsInTicks ?? 0) * tick;
        actions.push({ kind: 'silence', atMillis: stepMillis, ref: step.silence.ref, matchers: step.silence.matchers, startsAtMillis, endsAtMillis: startsAtMillis + step.silence.forTicks * tick });
      } else {
        actions.push({ kind: 'expire', atMillis: stepMillis, ref: step.expireSilence });
      }
    }
    if (t > 0 && t % scenario.resendEveryTicks === 0) {
      const posted = new Set(posts.map((p) => fingerprint(p.labels)));
      for (const [fp, since] of firingSince) {
        if (!posted.has(fp)) posts.push({ labels: since.labels, startsAtMillis: since.startsAtMillis, endsAtMillis: atMillis + validityMillis });
      }
    }
    if (posts.length > 0) actions.push({ kind: 'post', atMillis, alerts: posts });
  }
  return actions.sort((a, b) => a.atMillis - b.atMillis);
}

/**
 * The tick a notification belongs to. Scenario flushes fall mid-tick (k + ½); a real process
 * delivers them late, never early, so the window is [k + ¼, k + 1¼): up to ¾ tick of delay
 * (timers, HTTP, a busy machine) still lands in the same tick.
 */
export function tickOf(atMillis: number, t0Millis: number, tickMillis: number): number {
  return Math.floor((atMillis - t0Millis) / tickMillis - 0.25);
}

/** Canonical order for comparing two runs. */
export function sortTuples(tuples: readonly NotificationTuple[]): NotificationTuple[] {
  const key = (t: NotificationTuple): string => `${String(t.tick).padStart(6, '0')}|${t.receiver}|${t.groupKey}|${t.status}|${t.alerts.join(',')}`;
  return [...tuples].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** One line per tuple, for diffs in reports. */
export function formatTuple(t: NotificationTuple): string {
  return `t=${t.tick} ${t.receiver} ${t.groupKey} ${t.status} [${t.alerts.join(' ')}]`;
}
