import type { Span } from '@vigil/contracts';
import type { MetricShape, SeriesAccumulator } from '../normalize/series-accumulator';
import { MetricKind, TemporalityKind } from '../normalize/telemetry';
import { hexId } from './span-view';

/**
 * Service-to-service call edges for the dependency map, built in the pipeline (not by a
 * store-side self-join, DESIGN.md): an edge is a span whose parent belongs to another service.
 *
 * Parents and children of one trace often arrive in different requests — a child usually ends,
 * and is exported, before its parent. So the tracker remembers recent spans (id → service) and
 * recent orphans (parent id → child services) in two bounded maps, and counts an edge when the
 * second side shows up, whichever it is. Memory is bounded by `maxRememberedSpans`; an edge
 * whose sides arrive further apart than that is missed, never double counted.
 */
export const EDGE_METRIC = 'vigil.service.calls';

const EDGE: MetricShape = {
  name: EDGE_METRIC,
  type: MetricKind.Sum,
  monotonic: true,
  temporality: TemporalityKind.Delta,
  unit: '1',
  description: 'Calls from a client service to a server service, from parent/child spans (delta per request)',
};

export class ServiceEdgeTracker {
  private spans = new Map<string, string>(); // tenant/spanId → service
  private orphans = new Map<string, string[]>(); // tenant/parentSpanId → child services

  constructor(private readonly maxRememberedSpans = 100_000) {}

  /** Counts this request's new edges into `acc` (delta points at the receive time). */
  track(spans: readonly Span[], acc: SeriesAccumulator): void {
    const edges = new Map<string, number>();
    const count = (client: string, server: string) => {
      if (client === server) return;
      const key = `${client}\u0000${server}`;
      edges.set(key, (edges.get(key) ?? 0) + 1);
    };
    // Every span of the request is known before children look for parents: order within a request is free.
    for (const span of spans) this.remember(this.spans, `${span.tenant}/${hexId(span.spanId)}`, span.service);
    for (const span of spans) {
      const id = `${span.tenant}/${hexId(span.spanId)}`;
      const waiting = this.orphans.get(id);
      if (waiting) {
        for (const child of waiting) count(span.service, child);
        this.orphans.delete(id);
      }
      if (span.parentSpanId.length === 0) continue;
      const parentId = `${span.tenant}/${hexId(span.parentSpanId)}`;
      const parentService = this.spans.get(parentId);
      if (parentService !== undefined) count(parentService, span.service);
      else {
        const list = this.orphans.get(parentId);
        if (list) list.push(span.service);
        else this.remember(this.orphans, parentId, [span.service]);
      }
    }
    for (const [key, calls] of edges) {
      const [client, server] = key.split('\u0000');
      acc.sample(EDGE, { resourceKey: '', resource: [], point: ['client', client, 'server', server] }, acc.nowMillis, 0, calls);
    }
  }

  private remember<V>(map: Map<string, V>, key: string, value: V): void {
    // Maps iterate in insertion order, so deleting the first key evicts the oldest entry.
    if (map.size >= this.maxRememberedSpans) map.delete(map.keys().next().value as string);
    map.set(key, value);
  }
}
