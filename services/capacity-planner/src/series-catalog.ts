/**
 * Which stored series are resource series, and which of them this replica owns (pure).
 *
 * A usage series belongs to the first configured resource whose usage metrics name it and whose
 * selector (if any) matches its labels. Its limit series is the series of one of the resource's
 * limit metrics, same tenant, whose labels are a subset of the usage series' labels — the largest
 * such subset wins (identical labels first; an OTel `state="used"` label on the usage side is
 * simply extra). Ownership follows the Kafka partition of the usage series' fingerprint, so it
 * is a function of the assignment alone: replicas split the series, a takeover repeats none.
 */
import { partitionForKey } from '@vigil/bus';
import { fingerprintToHex } from '@vigil/contracts';
import type { PlannedResource } from './capacity-planner.config';
import type { CatalogSeries } from './capacity.repository';
import type { SeriesRef } from './series-plan';

export interface ResourceSeries extends SeriesRef {
  readonly fingerprintHex: string;
  readonly plannedResource: PlannedResource;
  /** Fingerprint of the paired limit series, when there is one. */
  readonly limitFingerprint?: bigint;
}

/** Every metric name the catalog needs to list: usage and limit metrics of all resources. */
export function catalogMetricNames(resources: readonly PlannedResource[]): string[] {
  return [...new Set(resources.flatMap((r) => [...r.usageMetrics, ...r.limitMetrics]))];
}

/** Matches catalog rows to resources and pairs limit series. */
export function resourceSeries(resources: readonly PlannedResource[], catalog: readonly CatalogSeries[]): ResourceSeries[] {
  const out: ResourceSeries[] = [];
  for (const series of catalog) {
    const resource = resources.find((r) => r.usageMetrics.includes(series.metricName) && (r.matcher?.matchesLabels(series.labels) ?? true));
    if (!resource) continue;
    const limit = pairLimit(series, resource, catalog);
    out.push({
      tenant: series.tenant,
      fingerprint: series.fingerprint,
      fingerprintHex: fingerprintToHex(series.fingerprint),
      metricName: series.metricName,
      labels: series.labels,
      resource: resource.config.name,
      plannedResource: resource,
      limitFingerprint: limit?.fingerprint,
    });
  }
  return out;
}

function pairLimit(usage: CatalogSeries, resource: PlannedResource, catalog: readonly CatalogSeries[]): CatalogSeries | undefined {
  let best: CatalogSeries | undefined;
  let bestSize = -1;
  for (const candidate of catalog) {
    if (candidate.tenant !== usage.tenant || !resource.limitMetrics.includes(candidate.metricName)) continue;
    const entries = Object.entries(candidate.labels);
    if (!entries.every(([name, value]) => usage.labels[name] === value)) continue;
    if (entries.length > bestSize) {
      best = candidate;
      bestSize = entries.length;
    }
  }
  return best;
}

/** The partition of `vigil.metrics.v1` a series lives in (its fingerprint is its Kafka key). */
export function partitionOf(fingerprintHex: string, partitionCount: number): number {
  return partitionForKey(fingerprintHex, partitionCount);
}

/** The series of `all` whose partition is in `assigned`. */
export function ownedSeries(all: readonly ResourceSeries[], assigned: ReadonlySet<number>, partitionCount: number): ResourceSeries[] {
  return all.filter((s) => assigned.has(partitionOf(s.fingerprintHex, partitionCount)));
}
