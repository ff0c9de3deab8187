/**
 * A small fleet with a known slow database, written straight into the store through the real
 * repositories (the same rows ingest's writer produces): frontend calls checkout, catalog and
 * accounts, which all query postgres; checkout also calls a noisy but innocent payments.
 * Postgres slows from `FAULT_AT` on; the incident opens five minutes later.
 */
import { Writable } from 'node:stream';
import type { BusConsumer } from '@vigil/bus';
import {
  IncidentStatus,
  MetricType,
  Severity,
  SpanKind,
  SpanStatusCode,
  Temporality,
  TOPICS,
  createPayload,
  decodePayload,
  encodePayload,
  hexToBytes,
  seriesFingerprintHex,
  type Feedback,
  type Incident,
  type Insight,
  type PayloadInit,
} from '@vigil/contracts';
import { createLogger } from '@vigil/observability';
import type { Runtime } from '@vigil/runtime';
import { LogsRepository, MetricsRepository, TracesRepository, retentionPolicy } from '@vigil/store';

export const MINUTE = 60_000;
// Recent: stored rows older than their retention (spans: days) are dropped at insert by TTL.
export const T0 = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 2 * 3_600_000;
export const FAULT_AT = T0 + 75 * MINUTE;
export const OPENED_AT = FAULT_AT + 5 * MINUTE;
export const END = OPENED_AT + 5 * MINUTE;
const TICK = 10_000;
type SpanInit = NonNullable<PayloadInit<typeof TOPICS.spans>['spans']>[number];
const TRACES_PER_TICK = 6;

export const quiet = () => createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });

/** Deterministic noise: the same scenario on every run. */
function noise(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

export async function seedSlowDatabase(runtime: Runtime, tenant: string): Promise<void> {
  const retention = retentionPolicy();
  const traces = new TracesRepository(runtime.store, retention);
  const metrics = new MetricsRepository(runtime.store, retention);
  const logs = new LogsRepository(runtime.store, retention);
  const random = noise(42);
  const spans: SpanInit[] = [];
  const edgeCalls = new Map<string, number>();
  let ids = 1;

  const span = (traceId: string, parent: string | null, service: string, name: string, kind: SpanKind, startMs: number, durationMs: number): string => {
    const spanId = hex(ids++, 16);
    spans.push({
      traceId: hexToBytes(traceId),
      spanId: hexToBytes(spanId),
      parentSpanId: parent ? hexToBytes(parent) : new Uint8Array(),
      tenant,
      service,
      name,
      kind,
      startTimeUnixNano: BigInt(Math.round(startMs * 1e6)),
      endTimeUnixNano: BigInt(Math.round((startMs + durationMs) * 1e6)),
      statusCode: SpanStatusCode.OK,
    });
    return spanId;
  };
  const call = (from: string, to: string, atMs: number) => {
    const k = `${from}>${to}>${Math.floor(atMs / MINUTE) * MINUTE}`;
    edgeCalls.set(k, (edgeCalls.get(k) ?? 0) + 1);
  };

  for (let t = T0; t < END; t += TICK) {
    const slow = t >= FAULT_AT;
    for (let i = 0; i < TRACES_PER_TICK; i++) {
      const traceId = hex(t / TICK, 16) + hex(i + 1, 16);
      const start = t + i * 1_000;
      const middle = ['checkout', 'catalog', 'accounts'][i % 3];
      const dbMs = slow ? 120 + 40 * random() : 4 + 2 * random();
      const paymentsMs = middle === 'checkout' ? 20 + 30 * random() : 0;
      const middleOwn = { checkout: 15, catalog: 10, accounts: 6 }[middle] as number;
      const middleMs = middleOwn + dbMs + paymentsMs + random();
      const frontendMs = 8 + middleMs + random();
      const root = span(traceId, null, 'frontend', 'GET /page', SpanKind.SERVER, start, frontendMs);
      const mid = span(traceId, root, middle, `${middle}.handle`, SpanKind.SERVER, start + 4, middleMs);
      span(traceId, mid, 'postgres', 'SELECT', SpanKind.SERVER, start + 6, dbMs);
      call('frontend', middle, start);
      call(middle, 'postgres', start);
      if (paymentsMs > 0) {
        span(traceId, mid, 'payments', 'charge', SpanKind.SERVER, start + 8 + dbMs, paymentsMs);
        call(middle, 'payments', start);
      }
    }
  }
  for (let i = 0; i < spans.length; i += 5_000) await traces.insertSpanBatch(createPayload(TOPICS.spans, { spans: spans.slice(i, i + 5_000) }));
  await traces.insertServiceEdges(
    [...edgeCalls].map(([k, calls]) => {
      const [parentService, childService, minute] = k.split('>');
      return { tenant, minuteUnixMs: Number(minute), parentService, childService, calls, errors: 0, durationNanosSum: 0n };
    }),
  );

  // Per-minute gauges: postgres connections pile up during the fault; catalog's CPU is noisy and innocent.
  const gauge = (service: string, name: string, value: (t: number) => number) => {
    const labels = [{ name: 'service.name', value: service }];
    const times: number[] = [];
    for (let t = T0; t < END; t += MINUTE) times.push(t);
    return {
      fingerprint: BigInt(`0x${seriesFingerprintHex(name, labels)}`),
      tenant,
      name,
      labels,
      type: MetricType.GAUGE,
      sampleTimesUnixMs: times,
      sampleValues: times.map(value),
    };
  };
  await metrics.insertMetricBatch(
    createPayload(TOPICS.metrics, {
      series: [
        gauge('postgres', 'db.client.connections.usage', (t) => (t >= FAULT_AT ? 40 + 10 * random() : 10 + 2 * random())),
        gauge('catalog', 'process.cpu.utilization', () => 0.3 + 0.3 * random()),
      ],
    }),
  );

  const records = [];
  for (let t = T0; t < END; t += MINUTE) {
    const slow = t >= FAULT_AT;
    records.push({ service: 'postgres', severityNumber: 9, severityText: 'INFO', body: 'checkpoint complete: wrote 120 buffers', at: t });
    if (slow) for (let k = 0; k < 5; k++) records.push({ service: 'postgres', severityNumber: 13, severityText: 'WARN', body: `duration: ${Math.round(120 + 40 * random())} ms statement: SELECT * FROM orders WHERE id = ${k}`, at: t + k * 1_000 });
  }
  await logs.insertLogBatch(
    createPayload(TOPICS.logs, {
      records: records.map((r) => ({ timeUnixNano: BigInt(r.at) * 1_000_000n, observedTimeUnixNano: BigInt(r.at) * 1_000_000n, tenant, service: r.service, severityNumber: r.severityNumber, severityText: r.severityText, body: r.body })),
    }),
  );
}

/**
 * LLM usage as ingest derives it from gen_ai spans (delta token counts per request): steady
 * 1000 tokens per 5 minutes for 80 minutes, then 6000 in each of the last three buckets.
 */
export async function seedTokenSpike(runtime: Runtime, tenant: string): Promise<void> {
  const labels = [
    { name: 'gen_ai.operation.name', value: 'chat' },
    { name: 'gen_ai.provider.name', value: 'openai' },
    { name: 'gen_ai.request.model', value: 'gpt-4o-mini' },
    { name: 'gen_ai.token.type', value: 'input' },
    { name: 'service.name', value: 'assistant' },
  ];
  const times: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < 18; i++) {
    times.push(END - (18 - i) * 5 * MINUTE);
    values.push(i < 15 ? 1_000 + 10 * (i % 3) : 6_000);
  }
  const series = {
    fingerprint: BigInt(`0x${seriesFingerprintHex('vigil.gen_ai.tokens', labels)}`),
    tenant,
    name: 'vigil.gen_ai.tokens',
    labels,
    type: MetricType.SUM,
    monotonic: true,
    temporality: Temporality.DELTA,
    sampleTimesUnixMs: times,
    sampleValues: values,
  };
  await new MetricsRepository(runtime.store, retentionPolicy()).insertMetricBatch(createPayload(TOPICS.metrics, { series: [series] }));
}

/** The incident alert-correlator would open: frontend and checkout alerting. */
export function slowIncident(tenant: string, id: string, revision: number, status: IncidentStatus, updatedAtMillis: number): Incident {
  return createPayload(TOPICS.incidents, {
    id,
    tenant,
    status,
    revision,
    title: 'frontend latency and checkout errors',
    severity: Severity.HIGH,
    services: ['checkout', 'frontend'],
    openedAtUnixMs: OPENED_AT,
    updatedAtUnixMs: updatedAtMillis,
    resolvedAtUnixMs: status === IncidentStatus.RESOLVED ? updatedAtMillis : 0,
  });
}

export async function publishIncident(runtime: Runtime, incident: Incident): Promise<void> {
  await runtime.bus.publish(TOPICS.incidents, [{ key: incident.id, value: encodePayload(TOPICS.incidents, incident) }]);
}

/** Collects what insight-engine publishes for one tenant, with the wall time of arrival. */
export class Published {
  readonly insights: Array<{ insight: Insight; atMillis: number }> = [];
  readonly feedback: Feedback[] = [];
  private consumer?: BusConsumer;

  constructor(private readonly tenant: string) {}

  async start(runtime: Runtime, groupId: string): Promise<void> {
    this.consumer = runtime.bus.consumer({
      groupId,
      handlers: [
        {
          topic: TOPICS.insights,
          decode: (b) => decodePayload(TOPICS.insights, b),
          handle: async (batch) => {
            for (const m of batch.messages) if ((m.value as Insight).tenant === this.tenant) this.insights.push({ insight: m.value as Insight, atMillis: Date.now() });
          },
        },
        {
          topic: TOPICS.feedback,
          decode: (b) => decodePayload(TOPICS.feedback, b),
          handle: async (batch) => {
            for (const m of batch.messages) if ((m.value as Feedback).tenant === this.tenant) this.feedback.push(m.value as Feedback);
          },
        },
      ],
    });
    await this.consumer.start();
  }

  async stop(): Promise<void> {
    await this.consumer?.stop();
  }

  of(id: string): Insight[] {
    return this.insights.filter((i) => i.insight.id === id).map((i) => i.insight);
  }
}
