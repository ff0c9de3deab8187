/**
 * The simulated fleet's shape: services, their operations, and who calls whom. A web shop
 * behind a gateway, with a payment provider, a database, a cache, a queue worker and an
 * LLM-backed assistant — about a dozen services, so incidents can cascade across several hops
 * and the correlator's service graph has something to reason about.
 */

export type Protocol = 'http' | 'grpc' | 'db' | 'cache' | 'queue' | 'llm';

/** A call from one operation to another service's operation. */
export interface CallSpec {
  readonly service: string;
  readonly operation: string;
  readonly protocol: Protocol;
  /** Probability the call happens on a given request (a cache miss, an optional lookup). */
  readonly probability?: number;
  /** How many times it happens (fan-out), inclusive range. */
  readonly repeat?: readonly [number, number];
  /** Retries after a failed attempt (idempotent calls only). */
  readonly retries?: number;
  /** Whether the caller fails when this call fails after retries (false: degrade gracefully). */
  readonly required?: boolean;
}

export interface OperationSpec {
  /** Median of the operation's own work, ms (children come on top). */
  readonly selfMillis: number;
  /** Log-normal shape: 0.3 is tight, 0.8 has a long tail. */
  readonly sigma: number;
  /** Baseline probability that the operation itself fails. */
  readonly errorRate: number;
  readonly calls: readonly CallSpec[];
}

export interface ServiceSpec {
  readonly name: string;
  readonly version: string;
  readonly language: string;
  readonly operations: Readonly<Record<string, OperationSpec>>;
  /** Resource shape for the metrics the capacity planner reads. */
  readonly resources: {
    readonly replicas: number;
    /** CPU utilisation (0–1) at idle and at peak load. */
    readonly cpuIdle: number;
    readonly cpuPeak: number;
    readonly memoryLimitBytes: number;
    /** Working set as a fraction of the limit. */
    readonly memoryBaseFraction: number;
    /** A disk worth forecasting (databases): limit and starting use. */
    readonly disk?: { readonly limitBytes: number; readonly baseFraction: number; readonly growthBytesPerDay: number };
    /** A connection pool to the database. */
    readonly connections?: { readonly max: number; readonly perRequestPerSecond: number };
  };
}

/** A request type entering at the gateway, with its share of traffic. */
export interface RouteSpec {
  readonly operation: string;
  readonly weight: number;
}

const GIB = 1024 ** 3;
const MIB = 1024 ** 2;

const http = (service: string, operation: string, extra: Partial<CallSpec> = {}): CallSpec => ({ service, operation, protocol: 'http', required: true, ...extra });
const db = (operation: string, extra: Partial<CallSpec> = {}): CallSpec => ({ service: 'postgres', operation, protocol: 'db', required: true, ...extra });
const cache = (operation: string, extra: Partial<CallSpec> = {}): CallSpec => ({ service: 'redis', operation, protocol: 'cache', required: false, ...extra });
const op = (selfMillis: number, sigma: number, errorRate: number, calls: CallSpec[] = []): OperationSpec => ({ selfMillis, sigma, errorRate, calls });
const res = (replicas: number, cpuIdle: number, cpuPeak: number, memoryLimitBytes: number, memoryBaseFraction: number, extra: Partial<ServiceSpec['resources']> = {}): ServiceSpec['resources'] => ({
  replicas,
  cpuIdle,
  cpuPeak,
  memoryLimitBytes,
  memoryBaseFraction,
  ...extra,
});

export const FLEET_SERVICES: readonly ServiceSpec[] = [
  {
    name: 'gateway',
    version: '1.14.2',
    language: 'go',
    operations: {
      'GET /': op(2, 0.3, 0.0002, [http('auth', 'POST /verify'), http('frontend', 'GET /')]),
      'GET /product/{id}': op(2, 0.3, 0.0002, [http('auth', 'POST /verify'), http('frontend', 'GET /product/{id}')]),
      'POST /checkout': op(2, 0.3, 0.0002, [http('auth', 'POST /verify'), http('frontend', 'POST /checkout')]),
      'POST /assistant': op(2, 0.3, 0.0002, [http('auth', 'POST /verify'), http('frontend', 'POST /assistant')]),
    },
    resources: res(3, 0.05, 0.55, 512 * MIB, 0.35),
  },
  {
    name: 'auth',
    version: '3.2.0',
    language: 'java',
    operations: { 'POST /verify': op(4, 0.4, 0.0005, [cache('GET session')]) },
    resources: res(2, 0.04, 0.4, 1 * GIB, 0.45),
  },
  {
    name: 'frontend',
    version: '5.8.1',
    language: 'nodejs',
    operations: {
      'GET /': op(12, 0.5, 0.001, [http('catalog', 'ListProducts')]),
      'GET /product/{id}': op(10, 0.5, 0.001, [http('catalog', 'GetProduct'), http('inventory', 'GetStock', { required: false })]),
      'POST /checkout': op(15, 0.5, 0.001, [http('checkout', 'PlaceOrder')]),
      'POST /assistant': op(8, 0.4, 0.001, [http('assistant', 'Chat')]),
    },
    resources: res(4, 0.06, 0.65, 768 * MIB, 0.5),
  },
  {
    name: 'catalog',
    version: '2.3.0',
    language: 'python',
    operations: {
      ListProducts: op(8, 0.5, 0.0005, [cache('GET products'), db('SELECT products', { probability: 0.3 })]),
      GetProduct: op(5, 0.5, 0.0005, [cache('GET product'), db('SELECT products', { probability: 0.2 })]),
    },
    resources: res(2, 0.05, 0.5, 1 * GIB, 0.4),
  },
  {
    name: 'checkout',
    version: '2.4.0',
    language: 'java',
    operations: {
      PlaceOrder: op(20, 0.4, 0.001, [
        { service: 'inventory', operation: 'Reserve', protocol: 'grpc', required: true, repeat: [1, 3] },
        { service: 'payments', operation: 'Charge', protocol: 'grpc', required: true, retries: 1 },
        db('INSERT orders'),
        { service: 'order-worker', operation: 'orders publish', protocol: 'queue', required: false },
      ]),
    },
    resources: res(3, 0.05, 0.6, 2 * GIB, 0.45, { connections: { max: 100, perRequestPerSecond: 12 } }),
  },
  {
    name: 'payments',
    version: '4.0.3',
    language: 'go',
    operations: { Charge: op(35, 0.6, 0.002, [db('INSERT payments'), { service: 'fraud', operation: 'Score', protocol: 'grpc', required: false }]) },
    resources: res(2, 0.04, 0.45, 512 * MIB, 0.4, { connections: { max: 50, perRequestPerSecond: 8 } }),
  },
  {
    name: 'fraud',
    version: '1.1.0',
    language: 'python',
    operations: { Score: op(15, 0.5, 0.001) },
    resources: res(2, 0.08, 0.7, 2 * GIB, 0.55),
  },
  {
    name: 'inventory',
    version: '3.7.2',
    language: 'dotnet',
    operations: {
      Reserve: op(6, 0.4, 0.0005, [db('UPDATE stock')]),
      GetStock: op(3, 0.4, 0.0005, [cache('GET stock'), db('SELECT stock', { probability: 0.25 })]),
    },
    resources: res(2, 0.04, 0.5, 1 * GIB, 0.42, { connections: { max: 40, perRequestPerSecond: 10 } }),
  },
  {
    name: 'postgres',
    version: '16.4',
    language: 'sql',
    operations: {
      'SELECT products': op(2.5, 0.7, 0.0001),
      'SELECT stock': op(1.5, 0.6, 0.0001),
      'UPDATE stock': op(3, 0.7, 0.0002),
      'INSERT orders': op(4, 0.6, 0.0001),
      'INSERT payments': op(4, 0.6, 0.0001),
    },
    resources: res(1, 0.08, 0.7, 8 * GIB, 0.6, { disk: { limitBytes: 200 * GIB, baseFraction: 0.55, growthBytesPerDay: 0.4 * GIB } }),
  },
  {
    name: 'redis',
    version: '7.2.5',
    language: 'c',
    operations: { 'GET session': op(0.4, 0.3, 0), 'GET products': op(0.5, 0.3, 0), 'GET product': op(0.4, 0.3, 0), 'GET stock': op(0.4, 0.3, 0), 'GET answer': op(0.5, 0.3, 0) },
    resources: res(1, 0.02, 0.25, 2 * GIB, 0.5),
  },
  {
    name: 'order-worker',
    version: '1.9.0',
    language: 'nodejs',
    operations: { 'orders process': op(25, 0.5, 0.001, [db('INSERT orders'), http('notifier', 'SendReceipt', { required: false })]) },
    resources: res(2, 0.03, 0.4, 512 * MIB, 0.4),
  },
  {
    name: 'notifier',
    version: '2.0.1',
    language: 'go',
    operations: { SendReceipt: op(40, 0.6, 0.002) },
    resources: res(1, 0.02, 0.2, 256 * MIB, 0.35),
  },
  {
    name: 'assistant',
    version: '0.9.4',
    language: 'python',
    operations: { Chat: op(15, 0.4, 0.002, [cache('GET answer'), { service: 'model-api', operation: 'chat', protocol: 'llm', required: true, retries: 1 }]) },
    resources: res(2, 0.05, 0.5, 2 * GIB, 0.5),
  },
];

/** The model API is not ours: it appears only as the assistant's CLIENT spans (no server spans). */
export const EXTERNAL_SERVICES: ReadonlySet<string> = new Set(['model-api']);

export const LLM = {
  system: 'openai',
  model: 'gpt-4o-mini',
  /** US dollars per million tokens (list price); ingest's genAiPrices for the demo use the same. */
  inputUsdPerMillionTokens: 0.15,
  outputUsdPerMillionTokens: 0.6,
  /** Median tokens per call and the model's own latency. */
  inputTokensMedian: 900,
  outputTokensMedian: 220,
  millisPerOutputToken: 9,
  firstTokenMillis: 280,
} as const;

export const ENTRY_SERVICE = 'gateway';
export const ROUTES: readonly RouteSpec[] = [
  { operation: 'GET /', weight: 0.45 },
  { operation: 'GET /product/{id}', weight: 0.3 },
  { operation: 'POST /checkout', weight: 0.15 },
  { operation: 'POST /assistant', weight: 0.1 },
];

export function serviceSpec(name: string): ServiceSpec {
  const spec = FLEET_SERVICES.find((s) => s.name === name);
  if (!spec) throw new Error(`unknown fleet service ${name}`);
  return spec;
}
