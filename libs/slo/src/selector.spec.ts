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
});
