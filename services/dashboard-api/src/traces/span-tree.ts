/** Span lists to trees. Pure. */
export interface SpanNode {
  spanId: string;
  parentSpanId: string;
  service: string;
  operation: string;
  kind: string;
  startTime: string;
  startUnixNano: string;
  durationMillis: number;
  status: string;
  statusMessage: string;
  attributes: Record<string, string | number | boolean>;
  resource: Record<string, string>;
  events: { name: string; time: string; attributes: Record<string, string> }[];
  links: { traceId: string; spanId: string }[];
  children: SpanNode[];
}

/**
 * Children under their parents, in start order. A span whose parent is missing (not yet
 * ingested, or sampled out) becomes a root, so an incomplete trace still shows every span.
 */
export function buildSpanTree(spans: readonly Omit<SpanNode, 'children'>[]): SpanNode[] {
  const nodes = new Map<string, SpanNode>(spans.map((s) => [s.spanId, { ...s, children: [] }]));
  const roots: SpanNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentSpanId ? nodes.get(node.parentSpanId) : undefined;
    if (parent && parent !== node) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}
