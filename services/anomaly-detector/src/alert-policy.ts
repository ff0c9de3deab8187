/**
 * Alert policies: which anomalies become alerts, and when an alert fires and resolves. Pure
 * (data time comes in with each verdict), so a replayed partition reproduces the same alerts.
 *
 * Per series and policy an episode opens on a published anomaly of at least the policy's
 * severity; it fires once the condition (score at or above the alarm score with that severity)
 * has held for `forMillis` of the series' own time, and resolves at the first point after
 * `resolveAfterMillis` without it. One episode is one alert (decision 133).
 */
import type { Severity, Verdict } from '@vigil/detect';

export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { LOW: 1, MEDIUM: 2, HIGH: 3, CRITICAL: 4 };

/** One policy as configured (see anomaly-detector.config.ts). */
export interface AlertPolicy {
  /** `alertname` label of the alerts it raises. */
  readonly name: string;
  /** Metric names it covers: exact names, or prefixes ending in `*` (`*` alone: every metric). */
  readonly metrics: readonly string[];
  /** Series labels that must match exactly (e.g. `{ env: "prod" }`). */
  readonly labels: Readonly<Record<string, string>>;
  /** Least severity of an anomaly that opens an episode. */
  readonly minSeverity: Severity;
  /** How long the condition must hold before the alert fires; 0 fires on the anomaly. */
  readonly forMillis: number;
  /** Quiet period (no qualifying point) after which a firing alert resolves. */
  readonly resolveAfterMillis: number;
}

/** Where one series stands with one policy; kept in the series' checkpoint. */
export interface PolicyEpisode {
  /** Time of the anomaly that opened the episode (the alert's startsAt). */
  readonly openedAtMillis: number;
  /** Last time the condition held. */
  lastActiveMillis: number;
  /** Set once the alert fired. */
  firedAtMillis?: number;
  /** The opening anomaly's facts, for the alert's annotations. */
  readonly severity: Severity;
  readonly anomalyId: string;
  readonly explanation: string;
  readonly value: number;
  readonly expected: number;
  readonly lower: number;
  readonly upper: number;
  readonly score: number;
  readonly type: string;
}

export type PolicyEpisodes = Record<string, PolicyEpisode>;

/** An alert state change a policy produced for a series. */
export interface PolicyTransition {
  readonly policy: AlertPolicy;
  readonly state: 'firing' | 'resolved';
  readonly episode: PolicyEpisode;
  /** Data time of the point that caused the change (the event's updatedAt; endsAt when resolved). */
  readonly atMillis: number;
}

/** Whether `policy` covers the series `metricName{labels}`. */
export function policyCovers(policy: AlertPolicy, metricName: string, labels: Readonly<Record<string, string>>): boolean {
  const named = policy.metrics.some((pattern) => (pattern.endsWith('*') ? metricName.startsWith(pattern.slice(0, -1)) : metricName === pattern));
  if (!named) return false;
  for (const [name, value] of Object.entries(policy.labels)) if (labels[name] !== value) return false;
  return true;
}

const holds = (policy: AlertPolicy, verdict: Verdict, alarmScore: number): boolean =>
  !verdict.learning && verdict.score >= alarmScore && SEVERITY_RANK[verdict.severity] >= SEVERITY_RANK[policy.minSeverity];

/**
 * Advances every covering policy's episode of one series by one scored point. `anomalyId` is
 * set when the point was published as an anomaly (only an anomaly opens an episode).
 * Mutates `episodes` and returns the transitions to publish.
 */
export function advanceEpisodes(
  policies: readonly AlertPolicy[],
  episodes: PolicyEpisodes,
  verdict: Verdict,
  alarmScore: number,
  anomalyId: string | undefined,
): PolicyTransition[] {
  const transitions: PolicyTransition[] = [];
  const t = verdict.timestampMillis;
  for (const policy of policies) {
    const active = holds(policy, verdict, alarmScore);
    let episode: PolicyEpisode | undefined = episodes[policy.name];
    if (episode && !active && t - episode.lastActiveMillis >= policy.resolveAfterMillis) {
      if (episode.firedAtMillis !== undefined) transitions.push({ policy, state: 'resolved', episode, atMillis: t });
      delete episodes[policy.name];
      episode = undefined;
    }
    if (!active) continue;
    if (!episode) {
      if (anomalyId === undefined) continue;
      episode = {
        openedAtMillis: t,
        lastActiveMillis: t,
        severity: verdict.severity,
        anomalyId,
        explanation: verdict.explanation,
        value: verdict.value,
        expected: verdict.expected,
        lower: verdict.lower,
        upper: verdict.upper,
        score: verdict.score,
        type: verdict.type,
      };
      episodes[policy.name] = episode;
    }
    episode.lastActiveMillis = t;
    if (episode.firedAtMillis === undefined && t - episode.openedAtMillis >= policy.forMillis) {
      episode.firedAtMillis = t;
      transitions.push({ policy, state: 'firing', episode, atMillis: t });
    }
  }
  return transitions;
}
