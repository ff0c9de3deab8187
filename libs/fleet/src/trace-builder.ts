import type { Effects } from './incidents';
import type { Random } from './random';
import type { Attributes, SimLog, SimSpan, SimSpanKind } from './telemetry';
import { LLM, serviceSpec, type CallSpec } from './topology';

/**
 * Builds one request's trace across the fleet: a SERVER (or CONSUMER) span per service hop,
 * the caller's CLIENT (or PRODUCER) span around it, sequential fan-out, retries of idempotent
 * calls, failures that propagate to callers that need the result, and error logs that carry
 * the trace and span ids. Latencies are log-normal per operation; a parent lasts as long as
 * its own work plus its children.
 */
export interface TraceContext {
  readonly rng: Random;
  readonly effects: Effects;
  readonly traceId: string;
  readonly spans: SimSpan[];
  readonly logs: SimLog[];
}

interface Outcome {
  readonly endMillis: number;
  readonly error: boolean;
}

const versionOf = (effects: Effects, service: string) => effects.versions.get(service) ?? serviceSpec(service).version;
const NETWORK_MILLIS = 0.4;

/** Runs `operation` on `service` starting at `startMillis` as a server span under `parentSpanId`. */
export function serveOperation(ctx: TraceContext, service: string, operation: string, startMillis: number, parentSpanId: string | undefined, kind: SimSpanKind = 'server'): Outcome {
  const spec = serviceSpec(service).operations[operation];
  if (!spec) throw new Error(`unknown operation ${service} ${operation}`);
  const { rng, effects } = ctx;
  const spanId = rng.hex(8);
  const selfMillis = rng.logNormal(spec.selfMillis * (effects.latencyFactor.get(service) ?? 1), spec.sigma);
  // Half the own work before the calls (parsing, auth), half after (rendering the answer).
  let at = startMillis + selfMillis / 2;
  let childFailed = false;
  let failedCall: CallSpec | undefined;
  for (const call of spec.calls) {
    if (call.probability !== undefined && !rng.chance(call.probability)) continue;
    const [low, high] = call.repeat ?? [1, 1];
    const times = low + rng.int(high - low + 1);
    for (let i = 0; i < times; i++) {
      const outcome = callService(ctx, service, spanId, call, at);
      at = call.protocol === 'queue' ? at + 0.2 : outcome.endMillis;
      if (outcome.error && call.required) {
        childFailed = true;
        failedCall = call;
      }
    }
    if (childFailed) break; // a failed dependency ends the request early
  }
  const ownFailure = rng.chance(spec.errorRate + (effects.errorRate.get(service) ?? 0));
  const error = ownFailure || childFailed;
  const endMillis = at + selfMillis / 2;
  const attributes = serverAttributes(service, operation, kind, error);
  ctx.spans.push({ traceId: ctx.traceId, spanId, parentSpanId, service, version: versionOf(effects, service), name: operation, kind, startMillis, endMillis, error, attributes });
  if (error) {
    const reason = ownFailure ? errorReason(service, rng) : `${failedCall?.service} ${failedCall?.operation} failed`;
    ctx.logs.push({
      service,
      version: versionOf(effects, service),
      timeMillis: endMillis,
      severity: 'ERROR',
      body: `${operation} failed: ${reason}`,
      traceId: ctx.traceId,
      spanId,
      attributes: { 'code.function.name': operation, 'error.type': ownFailure ? 'internal' : 'dependency' },
    });
  }
  return { endMillis, error };
}

/** The caller's side of one call (with retries): CLIENT/PRODUCER spans and the callee's work. */
function callService(ctx: TraceContext, caller: string, parentSpanId: string, call: CallSpec, startMillis: number): Outcome {
  let at = startMillis;
  let outcome: Outcome = { endMillis: at, error: false };
  for (let attempt = 0; attempt <= (call.retries ?? 0); attempt++) {
    outcome = call.protocol === 'llm' ? callModel(ctx, caller, parentSpanId, at, attempt) : callOnce(ctx, caller, parentSpanId, call, at, attempt);
    if (!outcome.error) break;
    at = outcome.endMillis + 10 * 2 ** attempt; // back-off before the retry
  }
  return outcome;
}

function callOnce(ctx: TraceContext, caller: string, parentSpanId: string, call: CallSpec, startMillis: number, attempt: number): Outcome {
  const spanId = ctx.rng.hex(8);
  const queue = call.protocol === 'queue';
  let endMillis: number;
  let error: boolean;
  if (queue) {
    // Publishing returns at once; the worker consumes later, in the same trace.
    endMillis = startMillis + 0.3 + ctx.rng.next();
    const lagMillis = ctx.rng.logNormal(120, 0.6);
    serveOperation(ctx, call.service, 'orders process', endMillis + lagMillis, spanId, 'consumer');
    error = false;
  } else {
    const served = serveOperation(ctx, call.service, call.operation, startMillis + NETWORK_MILLIS, spanId);
    endMillis = served.endMillis + NETWORK_MILLIS;
    error = served.error;
  }
  const kind: SimSpanKind = queue ? 'producer' : 'client';
  const attributes = clientAttributes(call, error, attempt);
  const name = queue ? 'orders publish' : call.protocol === 'http' ? call.operation.split(' ')[0] : call.operation;
  ctx.spans.push({ traceId: ctx.traceId, spanId, parentSpanId, service: caller, version: versionOf(ctx.effects, caller), name, kind, startMillis, endMillis, error, attributes });
  return { endMillis, error };
}

/** A chat completion against the external model API: a CLIENT span with gen_ai.* attributes. */
function callModel(ctx: TraceContext, caller: string, parentSpanId: string, startMillis: number, attempt: number): Outcome {
  const { rng, effects } = ctx;
  const spanId = rng.hex(8);
  const inputTokens = Math.round(rng.logNormal(LLM.inputTokensMedian * effects.inputTokenFactor, 0.35));
  const outputTokens = Math.round(rng.logNormal(LLM.outputTokensMedian, 0.5));
  const error = rng.chance(0.003 + (effects.errorRate.get('model-api') ?? 0));
  const durationMillis = error ? rng.logNormal(400, 0.5) : LLM.firstTokenMillis + outputTokens * LLM.millisPerOutputToken * rng.logNormal(1, 0.2) + inputTokens * 0.05;
  const costUsd = error ? 0 : (inputTokens * LLM.inputUsdPerMillionTokens + outputTokens * LLM.outputUsdPerMillionTokens) / 1e6;
  const attributes: Attributes = {
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': LLM.system,
    'gen_ai.request.model': LLM.model,
    'server.address': 'api.openai.com',
    'peer.service': 'model-api',
  };
  if (attempt > 0) attributes['http.request.resend_count'] = attempt;
  if (error) attributes['error.type'] = '429';
  else {
    attributes['gen_ai.response.model'] = LLM.model;
    attributes['gen_ai.usage.input_tokens'] = inputTokens;
    attributes['gen_ai.usage.output_tokens'] = outputTokens;
    // Not a semantic convention (there is none for cost yet): the price the caller computed.
    attributes['gen_ai.usage.cost_usd'] = Number(costUsd.toFixed(6));
    attributes['gen_ai.response.finish_reasons'] = 'stop';
  }
  const endMillis = startMillis + durationMillis;
  ctx.spans.push({ traceId: ctx.traceId, spanId, parentSpanId, service: caller, version: versionOf(effects, caller), name: `chat ${LLM.model}`, kind: 'client', startMillis, endMillis, error, attributes });
  return { endMillis, error };
}

function serverAttributes(service: string, operation: string, kind: SimSpanKind, error: boolean): Attributes {
  if (kind === 'consumer') return { 'messaging.system': 'kafka', 'messaging.destination.name': 'orders', 'messaging.operation.type': 'process' };
  if (service === 'postgres') return { 'db.system.name': 'postgresql', 'db.operation.name': operation.split(' ')[0], 'db.collection.name': operation.split(' ')[1] ?? '' };
  if (service === 'redis') return { 'db.system.name': 'redis', 'db.operation.name': 'GET' };
  const [method, route] = operation.split(' ');
  if (route !== undefined) return { 'http.request.method': method, 'http.route': route, 'http.response.status_code': error ? 500 : 200 };
  return { 'rpc.system': 'grpc', 'rpc.service': service, 'rpc.method': operation, 'rpc.grpc.status_code': error ? 14 : 0 };
}

function clientAttributes(call: CallSpec, error: boolean, attempt: number): Attributes {
  const attributes: Attributes = { 'peer.service': call.service, 'server.address': call.service };
  if (call.protocol === 'http') {
    attributes['http.request.method'] = call.operation.split(' ')[0];
    attributes['http.response.status_code'] = error ? 503 : 200;
  } else if (call.protocol === 'grpc') {
    attributes['rpc.system'] = 'grpc';
    attributes['rpc.method'] = call.operation;
  } else if (call.protocol === 'db') {
    attributes['db.system.name'] = 'postgresql';
    attributes['db.query.summary'] = call.operation;
  } else if (call.protocol === 'cache') {
    attributes['db.system.name'] = 'redis';
  } else if (call.protocol === 'queue') {
    attributes['messaging.system'] = 'kafka';
    attributes['messaging.destination.name'] = 'orders';
  }
  if (attempt > 0) attributes['http.request.resend_count'] = attempt;
  return attributes;
}

const REASONS: Record<string, readonly string[]> = {
  payments: ['card processor timeout after 3000 ms', 'upstream 503 from acquirer', 'idempotency key conflict'],
  checkout: ['order validation failed: stale cart', 'deadline exceeded waiting for inventory lock'],
  postgres: ['could not serialize access due to concurrent update'],
};

function errorReason(service: string, rng: Random): string {
  const reasons = REASONS[service] ?? ['unexpected exception', 'deadline exceeded', 'connection reset by peer'];
  return reasons[rng.int(reasons.length)];
}
