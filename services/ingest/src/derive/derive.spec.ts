import { create } from '@bufbuild/protobuf';
import type { Span } from '@vigil/contracts';
import { SpanSchema } from '@vigil/contracts';
import { contractsFingerprinter } from '../normalize/contracts-fingerprinter';
import { SeriesAccumulator } from '../normalize/series-accumulator';
import { SeriesIdentityCache } from '../normalize/series-identity';
import { millisToNanos } from '../testing/otlp-builders';
import { GEN_AI_METRICS, deriveGenAiUsage } from './gen-ai-usage';
import { RED_METRICS, deriveRedMetrics } from './red-metrics';
import { EDGE_METRIC, ServiceEdgeTracker } from './service-edges';

const NOW = Date.UTC(2026, 10, 23, 12);
const ids = new SeriesIdentityCache({ maxLabels: 30, maxLabelNameLength: 64, maxLabelValueLength: 512 }, contractsFingerprinter);
const newAcc = () => new SeriesAccumulator('acme', ids, { maxPastMillis: 1e9, maxFutureMillis: 1e9 }, NOW);
const id = (n: number, bytes: number) => Uint8Array.from(Buffer.from(n.toString(16).padStart(bytes * 2, '0'), 'hex'));

function span(service: string, spanId: number, parent: number, durationMs: number, extra: Record<string, unknown> = {}): Span {
  return create(SpanSchema, {
    traceId: id(1, 16),
    spanId: id(spanId, 8),
    parentSpanId: parent ? id(parent, 8) : new Uint8Array(),
    tenant: 'acme',
    service,
    name: 'GET /x',
    kind: 2,
    startTimeUnixNano: millisToNanos(NOW - 1000),
    endTimeUnixNano: millisToNanos(NOW - 1000) + BigInt(durationMs * 1e6),
    ...(extra as object),
  });
}

const byName = (acc: SeriesAccumulator, name: string) => acc.series().filter((s) => s.identity.name === name);
const label = (s: { identity: { labels: readonly { name: string; value: string }[] } }, name: string) => s.identity.labels.find((l) => l.name === name)?.value;

describe('derived telemetry from spans', () => {
  it('counts calls and errors and builds a duration histogram per service and operation', () => {
    const acc = newAcc();
    deriveRedMetrics([span('web', 1, 0, 3), span('web', 2, 0, 300), span('web', 3, 0, 40, { statusCode: 2 })], acc);
    const calls = byName(acc, RED_METRICS.calls);
    expect(calls.map((s) => [label(s, 'status.code'), s.sampleValues[0]]).sort()).toEqual([['error', 1], ['unset', 2]]);
    expect(byName(acc, RED_METRICS.errors)[0].sampleValues).toEqual([1]);
    const unset = byName(acc, RED_METRICS.duration).find((s) => label(s, 'status.code') === 'unset')!;
    expect(unset.histograms[0]).toMatchObject({ count: 2, sum: 303, min: 3, max: 300 });
    expect(unset.histograms[0].bucketCounts[2]).toBe(1); // 3 ms in (2, 5]
    expect(unset.histograms[0].bucketCounts[8]).toBe(1); // 300 ms in (250, 500]
  });

  it('finds a service edge within a request and across requests in either arrival order', () => {
    const tracker = new ServiceEdgeTracker(1000);
    const first = newAcc();
    tracker.track([span('web', 1, 0, 10), span('cart', 2, 1, 5)], first);
    expect(byName(first, EDGE_METRIC).map((s) => [label(s, 'client'), label(s, 'server'), s.sampleValues[0]])).toEqual([['web', 'cart', 1]]);
    const childFirst = newAcc();
    tracker.track([span('db', 12, 11, 1)], childFirst); // child before its parent
    expect(byName(childFirst, EDGE_METRIC)).toHaveLength(0);
    const parentLater = newAcc();
    tracker.track([span('cart', 11, 0, 2)], parentLater);
    expect(byName(parentLater, EDGE_METRIC).map((s) => [label(s, 'client'), label(s, 'server')])).toEqual([['cart', 'db']]);
  });

  it('derives GenAI token and cost series per model and operation', () => {
    const acc = newAcc();
    const attrs = (input: number, output: number) => [
      { key: 'gen_ai.request.model', value: { case: 'stringValue' as const, value: 'gpt-x' } },
      { key: 'gen_ai.operation.name', value: { case: 'stringValue' as const, value: 'chat' } },
      { key: 'gen_ai.usage.input_tokens', value: { case: 'intValue' as const, value: BigInt(input) } },
      { key: 'gen_ai.usage.output_tokens', value: { case: 'intValue' as const, value: BigInt(output) } },
    ];
    const spans = [span('bot', 1, 0, 100, { attributes: attrs(1000, 200) }), span('bot', 2, 0, 100, { attributes: attrs(500, 100) })];
    deriveGenAiUsage(spans, { 'gpt-x': { inputUsdPerMillionTokens: 2, outputUsdPerMillionTokens: 10 } }, acc);
    const tokens = byName(acc, GEN_AI_METRICS.tokens).map((s) => [label(s, 'gen_ai.token.type'), s.sampleValues[0]]);
    expect(tokens.sort()).toEqual([['input', 1500], ['output', 300]]);
    expect(byName(acc, GEN_AI_METRICS.costUsd)[0].sampleValues[0]).toBeCloseTo((1500 * 2 + 300 * 10) / 1e6, 12);
    expect(byName(acc, GEN_AI_METRICS.requests)[0].sampleValues).toEqual([2]);
  });
});
