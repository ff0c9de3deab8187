/**
 * Which result group each selected series falls in, worked out once per query in JS (there are
 * at most a few thousand series) so the engine groups rollup rows by a small integer
 * (`transform(fingerprint, fingerprints, groupIndexes)`) instead of joining every row with the
 * series table and hashing label maps. Pure.
 */

export interface SelectedSeries {
  /** Decimal UInt64. */
  readonly fingerprint: string;
  readonly labels: Readonly<Record<string, string>>;
}

export interface RangeGroups {
  /** Each group's labels, in result order (sorted by their canonical text). */
  readonly labels: Record<string, string>[];
  /** Fingerprints of the selected series, parallel to `groupOf`. */
  readonly fingerprints: bigint[];
  /** Index into `labels` of each fingerprint's group. */
  readonly groupOf: number[];
}

/**
 * Groups series by the values of `groupBy` labels (a label a series lacks is left out of its
 * group's labels); `undefined` keeps every series apart, `[]` puts all of them together.
 */
export function groupSeries(series: readonly SelectedSeries[], groupBy: readonly string[] | undefined): RangeGroups {
  const keep = groupBy === undefined ? undefined : new Set(groupBy);
  const byKey = new Map<string, { labels: Record<string, string>; members: string[] }>();
  for (const one of series) {
    const labels: Record<string, string> = {};
    for (const name of Object.keys(one.labels).sort()) if (keep === undefined || keep.has(name)) labels[name] = one.labels[name];
    // Without groupBy the key is the full label set, which is the series itself (the
    // fingerprint is a hash of the metric name and these labels).
    const key = JSON.stringify(labels);
    let group = byKey.get(key);
    if (!group) byKey.set(key, (group = { labels, members: [] }));
    group.members.push(one.fingerprint);
  }
  const ordered = [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const result: RangeGroups = { labels: [], fingerprints: [], groupOf: [] };
  ordered.forEach(([, group], index) => {
    result.labels.push(group.labels);
    for (const fingerprint of group.members) {
      result.fingerprints.push(BigInt(fingerprint));
      result.groupOf.push(index);
    }
  });
  return result;
}
