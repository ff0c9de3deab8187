/**
 * Alert timelines and their comparison. An episode is one firing → resolved span of one alert;
 * two timelines agree when every alert has the same episodes on both sides with each fire and
 * resolve within one evaluation interval of the other side's.
 */
export interface AlertEpisode {
  /** `severity long/short`, e.g. `page 1h/5m`: unique per alert within one SLO. */
  readonly alert: string;
  readonly firedAtMillis: number;
  /** Undefined when still firing at the end of the scenario. */
  readonly resolvedAtMillis?: number;
}

export function alertKey(labels: Readonly<Record<string, string>>): string {
  return `${labels.severity} ${labels.long_window}/${labels.short_window}`;
}

/** Builds episodes from the set of alerts firing at each evaluation time (ascending). */
export function episodesFromStates(
  states: ReadonlyArray<{ atMillis: number; firing: ReadonlySet<string> }>,
): AlertEpisode[] {
  const open = new Map<string, number>();
  const episodes: AlertEpisode[] = [];
  for (const { atMillis, firing } of states) {
    for (const alert of firing) if (!open.has(alert)) open.set(alert, atMillis);
    for (const [alert, firedAtMillis] of open) {
      if (firing.has(alert)) continue;
      episodes.push({ alert, firedAtMillis, resolvedAtMillis: atMillis });
      open.delete(alert);
    }
  }
  for (const [alert, firedAtMillis] of open) episodes.push({ alert, firedAtMillis });
  return episodes.sort((a, b) => a.alert.localeCompare(b.alert) || a.firedAtMillis - b.firedAtMillis);
}

export interface Comparison {
  readonly agree: boolean;
  /** Largest |Vigil − Prometheus| over matched fire and resolve times, in seconds. */
  readonly maxSkewSeconds: number;
  readonly differences: string[];
}

export function compareEpisodes(
  vigil: readonly AlertEpisode[],
  prometheus: readonly AlertEpisode[],
  toleranceMillis: number,
): Comparison {
  const differences: string[] = [];
  let maxSkewMillis = 0;
  const alerts = new Set([...vigil, ...prometheus].map((episode) => episode.alert));
  for (const alert of [...alerts].sort()) {
    const ours = vigil.filter((episode) => episode.alert === alert);
    const theirs = prometheus.filter((episode) => episode.alert === alert);
    if (ours.length !== theirs.length) {
      differences.push(`${alert}: ${ours.length} episode(s) in Vigil, ${theirs.length} in Prometheus`);
      continue;
    }
    ours.forEach((episode, index) => {
      const other = theirs[index];
      const fireSkew = Math.abs(episode.firedAtMillis - other.firedAtMillis);
      maxSkewMillis = Math.max(maxSkewMillis, fireSkew);
      if (fireSkew > toleranceMillis)
        differences.push(
          `${alert}: fired at ${episode.firedAtMillis / 1000}s in Vigil, ${other.firedAtMillis / 1000}s in Prometheus`,
        );
      if ((episode.resolvedAtMillis === undefined) !== (other.resolvedAtMillis === undefined)) {
        differences.push(
          `${alert}: resolved in only one of Vigil (${episode.resolvedAtMillis}) and Prometheus (${other.resolvedAtMillis})`,
        );
        return;
      }
      if (episode.resolvedAtMillis !== undefined && other.resolvedAtMillis !== undefined) {
        const resolveSkew = Math.abs(episode.resolvedAtMillis - other.resolvedAtMillis);
        maxSkewMillis = Math.max(maxSkewMillis, resolveSkew);
        if (resolveSkew > toleranceMillis)
          differences.push(
            `${alert}: resolved at ${episode.resolvedAtMillis / 1000}s in Vigil, ${other.resolvedAtMillis / 1000}s in Prometheus`,
          );
      }
    });
  }
  return { agree: differences.length === 0, maxSkewSeconds: maxSkewMillis / 1000, differences };
}
