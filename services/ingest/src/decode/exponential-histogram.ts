/**
 * OTLP exponential histograms turned into explicit-bucket histograms (the one histogram shape
 * Vigil stores). Bucket index i of scale s covers (base^i, base^(i+1)] with base = 2^(2^-s);
 * negative buckets mirror that below zero, and the zero bucket covers [-threshold, threshold].
 * The result is exact: every exponential bucket becomes one explicit bucket with the same count.
 */
export interface ExponentialBuckets {
  readonly offset: number;
  readonly counts: readonly number[];
}

export function exponentialToExplicit(
  scale: number,
  zeroThreshold: number,
  zeroCount: number,
  positive: ExponentialBuckets,
  negative: ExponentialBuckets,
): { explicitBounds: number[]; bucketCounts: number[] } {
  const base = Math.pow(2, Math.pow(2, -scale));
  const explicitBounds: number[] = [];
  const bucketCounts: number[] = [];
  // Negative buckets, most negative first: bucket i covers [-base^(i+1), -base^i), upper bound -base^i.
  for (let i = negative.counts.length - 1; i >= 0; i--) {
    explicitBounds.push(-Math.pow(base, negative.offset + i));
    bucketCounts.push(negative.counts[i]);
  }
  // The zero bucket; its upper bound must stay below the first positive bound.
  const firstPositiveLower = positive.counts.length > 0 ? Math.pow(base, positive.offset) : Infinity;
  const zeroUpper = Math.min(zeroThreshold, firstPositiveLower);
  if (explicitBounds.length === 0 || zeroUpper > explicitBounds[explicitBounds.length - 1]) {
    explicitBounds.push(zeroUpper);
    bucketCounts.push(zeroCount);
  } else bucketCounts[bucketCounts.length - 1] += zeroCount;
  for (let i = 0; i < positive.counts.length; i++) {
    explicitBounds.push(Math.pow(base, positive.offset + i + 1));
    bucketCounts.push(positive.counts[i]);
  }
  bucketCounts.push(0); // the +Inf bucket: every observation fell in a finite bucket above
  return { explicitBounds, bucketCounts };
}
