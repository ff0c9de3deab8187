import { SelectorSyntaxError } from '@vigil/prom-syntax';
import { parseSelector, withMetric } from './selector';

describe('SLI metric selectors', () => {
  it('reads a PromQL selector that names its metric', () => {
    expect(parseSelector('http_requests_total{code=~"5.."}')).toEqual({
      metric: 'http_requests_total',
      matchers: [{ label: 'code', op: '=~', value: '5..' }],
    });
    expect(parseSelector('{"vigil.span.calls","service.name"="checkout"}').metric).toBe('vigil.span.calls');
  });

  it('refuses a selector without a metric name, since an SLI counts one metric', () => {
    expect(() => parseSelector('{code="500"}')).toThrow(SelectorSyntaxError);
    expect(() => parseSelector('{code="500"}')).toThrow('a selector must name a metric');
  });

  it('derives a sibling selector with extra matchers (a histogram bucket)', () => {
    const selector = parseSelector('latency_seconds{service="checkout"}');
    expect(withMetric(selector, 'latency_seconds_bucket', [{ label: 'le', op: '=', value: '0.3' }])).toEqual({
      metric: 'latency_seconds_bucket',
      matchers: [
        { label: 'service', op: '=', value: 'checkout' },
        { label: 'le', op: '=', value: '0.3' },
      ],
    });
  });
});
