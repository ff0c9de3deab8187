/**
 * Default resource definitions: which metric names measure usage and limit for each kind of
 * resource, in OpenTelemetry semantic-convention and node_exporter spelling, preferred first.
 * The capacity-planner service resolves these names against the series it owns; this library
 * only needs the numbers that come back.
 */

export const RESOURCE_KINDS = ['cpu', 'memory', 'filesystem', 'connections', 'queue_depth', 'request_rate', 'llm_tokens'] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

export interface ResourceDefaults {
  readonly kind: ResourceKind;
  /** Usage metric names, preferred first (OTel semantic conventions, then node_exporter). */
  readonly usageMetrics: readonly string[];
  /** Limit metric names pairing with the usage metrics; empty when a fixed capacity is needed. */
  readonly limitMetrics: readonly string[];
  /** Capacity when no limit series exists: 1 for metrics that are already a 0–1 utilisation. */
  readonly defaultCapacity?: number;
  readonly unit: string;
  /** What adding capacity means: more replicas, or a bigger limit (disk, memory, budget). */
  readonly scaling: 'replicas' | 'capacity';
}

export const DEFAULT_RESOURCES: Readonly<Record<ResourceKind, ResourceDefaults>> = {
  cpu: {
    kind: 'cpu',
    // node_exporter has no utilisation gauge: the service derives 1 − idle rate from node_cpu_seconds_total.
    usageMetrics: ['system.cpu.utilization', 'container.cpu.utilization', 'k8s.pod.cpu_limit_utilization', 'node_cpu_seconds_total'],
    limitMetrics: [],
    defaultCapacity: 1,
    unit: '1',
    scaling: 'replicas',
  },
  memory: {
    kind: 'memory',
    usageMetrics: ['system.memory.usage', 'container.memory.usage', 'process.memory.usage', 'node_memory_MemTotal_bytes - node_memory_MemAvailable_bytes'],
    limitMetrics: ['system.memory.limit', 'k8s.container.memory_limit', 'node_memory_MemTotal_bytes'],
    unit: 'By',
    scaling: 'capacity',
  },
  filesystem: {
    kind: 'filesystem',
    usageMetrics: ['system.filesystem.usage', 'node_filesystem_size_bytes - node_filesystem_avail_bytes'],
    limitMetrics: ['system.filesystem.limit', 'node_filesystem_size_bytes'],
    unit: 'By',
    scaling: 'capacity',
  },
  connections: {
    kind: 'connections',
    usageMetrics: ['db.client.connection.count', 'db.client.connections.usage', 'node_nf_conntrack_entries'],
    limitMetrics: ['db.client.connection.max', 'db.client.connections.max', 'node_nf_conntrack_entries_limit'],
    unit: '{connection}',
    scaling: 'capacity',
  },
  queue_depth: {
    kind: 'queue_depth',
    // No stable semantic convention for a queue's backlog yet; Kafka consumer lag is the common one.
    usageMetrics: ['messaging.kafka.consumer.lag', 'messaging.queue.depth'],
    limitMetrics: [],
    unit: '{message}',
    scaling: 'replicas',
  },
  request_rate: {
    kind: 'request_rate',
    // Rate of the server duration histogram's count, against a measured capacity per replica.
    usageMetrics: ['http.server.request.duration', 'rpc.server.duration'],
    limitMetrics: [],
    unit: '{request}/s',
    scaling: 'replicas',
  },
  llm_tokens: {
    kind: 'llm_tokens',
    usageMetrics: ['gen_ai.client.token.usage'],
    limitMetrics: [],
    unit: '{token}',
    scaling: 'capacity',
  },
};
