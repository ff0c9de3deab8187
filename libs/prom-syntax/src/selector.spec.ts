import { SelectorSyntaxError, SeriesMatcher, formatSelector, parseSeriesSelector } from './selector';

describe('series selectors', () => {
  it('parses PromQL instant-vector selectors and prints them back canonically', () => {
    const selector = parseSeriesSelector(' http_server_requests_total { service = "checkout", status=~"5..", env!="dev", path!~"/health.*" } ');
    expect(selector.metric).toBe('http_server_requests_total');
    expect(formatSelector(selector)).toBe('http_server_requests_total{service="checkout",status=~"5..",env!="dev",path!~"/health.*"}');
    expect(parseSeriesSelector('{__name__="up",job="x"}')).toEqual({ metric: 'up', matchers: [{ label: 'job', op: '=', value: 'x' }] });
  });

  it('reads OpenTelemetry dotted metric and label names written bare', () => {
    const selector = parseSeriesSelector('system.filesystem.usage{system.filesystem.state="used", mountpoint=~"/data|/var"}');
    expect(selector.metric).toBe('system.filesystem.usage');
    expect(selector.matchers).toEqual([
      { label: 'system.filesystem.state', op: '=', value: 'used' },
      { label: 'mountpoint', op: '=~', value: '/data|/var' },
    ]);
  });

  it('accepts label matchers without a metric name', () => {
    const selector = parseSeriesSelector('{mountpoint="/"}');
    expect(selector).toEqual({ matchers: [{ label: 'mountpoint', op: '=', value: '/' }] });
    expect(formatSelector(selector)).toBe('{mountpoint="/"}');
  });

  it('anchors regexes and treats a missing label as empty, as Prometheus does', () => {
    const matcher = new SeriesMatcher(parseSeriesSelector('http_requests_total{code=~"5..",env!="prod"}'));
    expect(matcher.matches('http_requests_total', { code: '503' })).toBe(true);
    expect(matcher.matches('http_requests_total', { code: '1503' })).toBe(false);
    expect(matcher.matches('http_requests_total', { code: '500', env: 'prod' })).toBe(false);
    expect(matcher.matches('other_total', { code: '500' })).toBe(false);
  });

  it('matches any metric name when the selector names none', () => {
    const matcher = new SeriesMatcher(parseSeriesSelector('{mountpoint=~"/data.*"}'));
    expect(matcher.matches('disk', { mountpoint: '/data2' })).toBe(true);
    expect(matcher.matches('inodes', { mountpoint: '/var/data' })).toBe(false);
  });

  it.each([
    ['{}', 'a selector needs a metric name, a label matcher or both'],
    ['up{code=500}', 'expected a double-quoted value at column 9'],
    ['up{code=~"(5"}', 'invalid regex'],
    ['up{code="5"', 'expected , or } at column 12'],
    ['disk{mountpoint}', 'expected =, !=, =~ or !~'],
    ['disk extra', 'unexpected text'],
    ['up{__name__="x"}', '__name__ must be a single = matcher'],
  ])('rejects %s saying where', (text, message) => {
    expect(() => parseSeriesSelector(text)).toThrow(SelectorSyntaxError);
    expect(() => parseSeriesSelector(text)).toThrow(message);
  });

  describe('quoted names (Prometheus 3, for OpenTelemetry dotted names)', () => {
    it('reads a quoted metric name and quoted label names inside the braces', () => {
      const selector = parseSeriesSelector('{"vigil.span.errors", "service.name"="checkout", span_kind=~"server|consumer"}');
      expect(selector).toEqual({
        metric: 'vigil.span.errors',
        matchers: [
          { label: 'service.name', op: '=', value: 'checkout' },
          { label: 'span_kind', op: '=~', value: 'server|consumer' },
        ],
      });
      const matcher = new SeriesMatcher(selector);
      expect(matcher.matches('vigil.span.errors', { 'service.name': 'checkout', span_kind: 'server' })).toBe(true);
      expect(matcher.matches('vigil.span.errors', { 'service.name': 'payments', span_kind: 'server' })).toBe(false);
    });

    it('accepts the quoted name last, and alone', () => {
      expect(parseSeriesSelector('{"service.name"="checkout","vigil.span.calls"}').metric).toBe('vigil.span.calls');
      expect(parseSeriesSelector('{"vigil.span.calls"}')).toEqual({ metric: 'vigil.span.calls', matchers: [] });
    });

    it('refuses two metric names', () => {
      expect(() => parseSeriesSelector('up{"vigil.span.calls"}')).toThrow(SelectorSyntaxError);
      expect(() => parseSeriesSelector('{"a.b","c.d"}')).toThrow(/one metric at most/);
    });

    it('prints dotted names quoted and classic names bare, and reads its own output back', () => {
      const dotted = parseSeriesSelector('{"vigil.span.calls","service.name"="checkout",code="500"}');
      expect(formatSelector(dotted)).toBe('{"vigil.span.calls","service.name"="checkout",code="500"}');
      expect(parseSeriesSelector(formatSelector(dotted))).toEqual(dotted);
      expect(formatSelector(parseSeriesSelector('http_requests_total{code="500"}'))).toBe('http_requests_total{code="500"}');
    });
  });
});
