import type { Labels } from './ast';
import { METRIC_NAME } from './ast';
import { labelsKey } from './labels';
import type { Sample } from './values';

interface Bucket {
  upperBound: number;
  count: number;
}

const SMALL_DELTA_TOLERANCE = 1e-12;

/** Prometheus's BucketQuantile over classic (cumulative, `le`-labelled) buckets. */
export function bucketQuantile(q: number, input: readonly Bucket[]): number {
  if (Number.isNaN(q)) return NaN;
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  const sorted = [...input].sort((a, b) => a.upperBound - b.upperBound);
  if (sorted.length === 0 || sorted[sorted.length - 1].upperBound !== Infinity) return NaN;
  const buckets: Bucket[] = [];
  for (const bucket of sorted) {
    const last = buckets[buckets.length - 1];
    if (last && last.upperBound === bucket.upperBound) last.count += bucket.count;
    else buckets.push({ ...bucket });
  }
  let previous = buckets[0].count;
  for (let i = 1; i < buckets.length; i++) {
    const current = buckets[i].count;
    if (current === previous) continue;
    if (Math.abs(current - previous) <= SMALL_DELTA_TOLERANCE * Math.max(Math.abs(current), Math.abs(previous))) {
      buckets[i].count = previous;
      continue;
    }
    if (current < previous) {
      buckets[i].count = previous;
      continue;
    }
    previous = current;
  }
  if (buckets.length < 2) return NaN;
  const observations = buckets[buckets.length - 1].count;
  if (observations === 0 || Number.isNaN(observations)) return NaN;
  let rank = q * observations;
  let b = buckets.length - 1;
  for (let i = 0; i < buckets.length - 1; i++) {
    if (buckets[i].count >= rank) {
      b = i;
      break;
    }
  }
  if (b === buckets.length - 1) return buckets[buckets.length - 2].upperBound;
  if (b === 0 && buckets[0].upperBound <= 0) return buckets[0].upperBound;
  let bucketStart = 0;
  const bucketEnd = buckets[b].upperBound;
  let count = buckets[b].count;
  if (b > 0) {
    bucketStart = buckets[b - 1].upperBound;
    count -= buckets[b - 1].count;
    rank -= buckets[b - 1].count;
  }
  return bucketStart + (bucketEnd - bucketStart) * (rank / count);
}

/** histogram_quantile(φ, buckets): groups by every label but `le` and the name. */
export function histogramQuantile(q: number, samples: readonly Sample[]): Sample[] {
  const groups = new Map<string, { labels: Labels; buckets: Bucket[] }>();
  for (const sample of samples) {
    const le = sample.labels.le;
    const upperBound = le === undefined ? NaN : parseBound(le);
    if (Number.isNaN(upperBound)) continue;
    const { le: _le, [METRIC_NAME]: _name, ...rest } = sample.labels;
    const key = labelsKey(rest);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { labels: rest, buckets: [] }));
    group.buckets.push({ upperBound, count: sample.value });
  }
  return [...groups.values()].map((group) => ({ labels: group.labels, value: bucketQuantile(q, group.buckets) }));
}

function parseBound(text: string): number {
  const lower = text.trim().toLowerCase();
  if (lower === '+inf' || lower === 'inf') return Infinity;
  if (lower === '-inf') return -Infinity;
  if (lower === '' || !/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$|^0x[0-9a-f]+$/.test(lower)) return NaN;
  return Number(lower);
}
