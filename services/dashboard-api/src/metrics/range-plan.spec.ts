import { aggregateSql, chooseResolution, increaseWithResets } from './range-plan';
import { parseSelector } from './selector';

describe('range plan', () => {
  it('answers hour steps from the 1 h rollup, minute steps from the 1 m rollup, others from raw samples', () => {
    const hour = Date.UTC(2026, 0, 1, 5);
    expect(chooseResolution(3600, hour)).toBe('1h');
    expect(chooseResolution(7200, hour)).toBe('1h');
    expect(chooseResolution(60, hour)).toBe('1m');
    expect(chooseResolution(300, hour + 60_000)).toBe('1m');
    expect(chooseResolution(3600, hour + 60_000)).toBe('1m');
    expect(chooseResolution(15, hour)).toBe('raw');
    expect(chooseResolution(60, hour + 1_000)).toBe('raw');
  });

  it('merges rollup states for quantiles and last, and weights the mean by sample count', () => {
    expect(aggregateSql('p99', '1m')).toBe('quantileTDigestMerge(0.99)(sketch)');
    expect(aggregateSql('avg', '1h')).toBe('sum(sum) / sum(count)');
    expect(aggregateSql('last', 'raw')).toBe('argMax(value, time)');
  });

  it('counts a counter reset as a restart from zero', () => {
    expect(increaseWithResets([10, 15, 3, 8])).toBe(5 + 3 + 5);
    expect(increaseWithResets([5])).toBe(0);
  });
});

describe('selector', () => {
  it('reads a name with every matcher operator', () => {
    expect(parseSelector('http_requests_total{job="api", code=~"5..",path!="/health", le!~"\\\\+Inf"}')).toEqual({
      metric: 'http_requests_total',
      matchers: [
        { label: 'job', op: '=', value: 'api' },
        { label: 'code', op: '=~', value: '5..' },
        { label: 'path', op: '!=', value: '/health' },
        { label: 'le', op: '!~', value: '\\+Inf' },
      ],
    });
  });

  it('says where a malformed selector goes wrong', () => {
    expect(() => parseSelector('cpu{host=web}')).toThrow(/expected a double-quoted value at column 10/);
    expect(() => parseSelector('')).toThrow(/needs a metric name, a label matcher or both/);
    expect(() => parseSelector('{a=~"("}')).toThrow(/invalid regex "\("/);
  });
});
