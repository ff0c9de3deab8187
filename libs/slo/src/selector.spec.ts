import { formatSelector, parseSelector, SelectorMatcher, SelectorSyntaxError } from './selector';

describe('metric selectors', () => {
  it('parses PromQL instant-vector selectors and prints them back canonically', () => {
    const selector = parseSelector(
      ' http_server_requests_total { service = "checkout", status=~"5..", env!="dev", path!~"/health.*" } ',
    );
    expect(selector.metric).toBe('http_server_requests_total');
    expect(formatSelector(selector)).toBe(
      'http_server_requests_total{service="checkout",status=~"5..",env!="dev",path!~"/health.*"}',
    );
    expect(parseSelector('{__name__="up",job="x"}')).toEqual({
      metric: 'up',
      matchers: [{ label: 'job', op: '=', value: 'x' }],
    });
  });

  it('anchors regexes and treats a missing label as empty, as Prometheus does', () => {
    const matcher = new SelectorMatcher(parseSelector('http_requests_total{code=~"5..",env!="prod"}'));
    expect(matcher.matches('http_requests_total', { code: '503' })).toBe(true);
    expect(matcher.matches('http_requests_total', { code: '1503' })).toBe(false);
    expect(matcher.matches('http_requests_total', { code: '500', env: 'prod' })).toBe(false);
    expect(matcher.matches('other_total', { code: '500' })).toBe(false);
  });

  it.each([
    ['{code="500"}', 'a selector must name a metric'],
    ['up{code=500}', 'expected a double-quoted value at column 9'],
    ['up{code=~"(5"}', 'invalid regex'],
    ['up{code="5"', 'expected , or } at column 12'],
  ])('rejects %s with the column', (text, message) => {
    expect(() => parseSelector(text)).toThrow(SelectorSyntaxError);
    expect(() => parseSelector(text)).toThrow(message);
  });

  describe('quoted names (Prometheus 3, for OpenTelemetry dotted names)', () => {
    it('reads a quoted metric name and quoted label names inside the braces', () => {
      const selector = parseSelector('{"vigil.span.errors", "service.name"="checkout", span_kind=~"server|consumer"}');
      expect(selector).toEqual({
        metric: 'vigil.span.errors',
        matchers: [
          { label: 'service.name', op: '=', value: 'checkout' },
          { label: 'span_kind', op: '=~', value: 'server|consumer' },
        ],
      });
      const matcher = new SelectorMatcher(selector);
      expect(matcher.matches('vigil.span.errors', { 'service.name': 'checkout', span_kind: 'server' })).toBe(true);
      expect(matcher.matches('vigil.span.errors', { 'service.name': 'payments', span_kind: 'server' })).toBe(false);
    });

    it('accepts the quoted name last, and alone', () => {
      expect(parseSelector('{"service.name"="checkout","vigil.span.calls"}').metric).toBe('vigil.span.calls');
      expect(parseSelector('{"vigil.span.calls"}')).toEqual({ metric: 'vigil.span.calls', matchers: [] });
    });

    it('refuses two metric names', () => {
      expect(() => parseSelector('up{"vigil.span.calls"}')).toThrow(SelectorSyntaxError);
      expect(() => parseSelector('{"a.b","c.d"}')).toThrow(/exactly one metric/);
    });

    it('prints dotted names quoted and classic names bare, and reads its own output back', () => {
      const dotted = parseSelector('{"vigil.span.calls","service.name"="checkout",code="500"}');
      expect(formatSelector(dotted)).toBe('{"vigil.span.calls","service.name"="checkout",code="500"}');
      expect(parseSelector(formatSelector(dotted))).toEqual(dotted);
      expect(formatSelector(parseSelector('http_requests_total{code="500"}'))).toBe('http_requests_total{code="500"}');
    });
  });
});
