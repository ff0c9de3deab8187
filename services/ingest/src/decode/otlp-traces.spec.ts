import { SpanKind, SpanStatusCode } from '@vigil/contracts';
import { hexBytes, kv, millisToNanos, spansRequest } from '../testing/otlp-builders';
import { decodeOtlpTraces } from './otlp-request';

const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);
const window = { maxPastMillis: 3_600_000, maxFutureMillis: 60_000 };
const TRACE = '0af7651916cd43dd8448eb211c80319c';

describe('OTLP traces decoding', () => {
  it('keeps service, kind, status, attributes, events and links; refuses spans with bad ids', () => {
    const body = spansRequest('checkout', [
      {
        traceId: hexBytes(TRACE),
        spanId: hexBytes('b7ad6b7169203331'),
        name: 'GET /cart',
        kind: 2,
        startTimeUnixNano: millisToNanos(NOW - 20),
        endTimeUnixNano: millisToNanos(NOW - 10),
        attributes: [kv('http.status_code', 500), kv('gen_ai.request.model', 'gpt-x')],
        status: { code: 2, message: 'boom' },
        events: [{ name: 'exception', timeUnixNano: millisToNanos(NOW - 15), attributes: [kv('exception.type', 'Error')] }],
        links: [{ traceId: hexBytes(TRACE), spanId: hexBytes('00f067aa0ba902b7') }],
      },
      { traceId: hexBytes('abcd'), spanId: hexBytes('b7ad6b7169203331'), name: 'bad', startTimeUnixNano: millisToNanos(NOW), endTimeUnixNano: millisToNanos(NOW) },
    ]);
    const { spans, rejections } = decodeOtlpTraces(Buffer.from(body), 'protobuf', 'acme', window, NOW);
    expect(spans).toHaveLength(1);
    expect(spans[0]).toMatchObject({ service: 'checkout', tenant: 'acme', name: 'GET /cart', kind: SpanKind.SERVER, statusCode: SpanStatusCode.ERROR, statusMessage: 'boom' });
    expect(spans[0].attributes.map((a) => [a.key, a.value.value])).toEqual([['http.status_code', 500n], ['gen_ai.request.model', 'gpt-x']]);
    expect(spans[0].events[0].name).toBe('exception');
    expect(spans[0].links).toHaveLength(1);
    expect(Object.fromEntries(rejections.byReason())).toEqual({ invalid_trace_id: 1 });
  });

  it('reads OTLP/JSON with hex ids and enum integers', () => {
    const json = {
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'web' } }] },
          scopeSpans: [{ spans: [{ traceId: TRACE, spanId: 'b7ad6b7169203331', name: 'x', kind: 3, startTimeUnixNano: String(millisToNanos(NOW)), endTimeUnixNano: String(millisToNanos(NOW)) }] }],
        },
      ],
    };
    const { spans } = decodeOtlpTraces(Buffer.from(JSON.stringify(json)), 'json', 'acme', window, NOW);
    expect(Buffer.from(spans[0].traceId).toString('hex')).toBe(TRACE);
    expect(spans[0].kind).toBe(SpanKind.CLIENT);
  });

  it('answers an id that is not hex with a reason', () => {
    const json = { resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: 'zz', spanId: 'b7ad6b7169203331' }] }] }] };
    expect(() => decodeOtlpTraces(Buffer.from(JSON.stringify(json)), 'json', 'acme', window, NOW)).toThrow(/traceId "zz" is not a hex string/);
  });
});
