import { SelectorError, SeriesMatcher, parseSeriesSelector } from './series-selector';

describe('series selectors', () => {
  it('reads OpenTelemetry dotted metric and label names', () => {
    const selector = parseSeriesSelector('system.filesystem.usage{system.filesystem.state="used", mountpoint=~"/data|/var"}');
    expect(selector.metric).toBe('system.filesystem.usage');
    expect(selector.matchers).toEqual([
      { label: 'system.filesystem.state', op: '=', value: 'used' },
      { label: 'mountpoint', op: '=~', value: '/data|/var' },
    ]);
  });

  it('accepts matchers only, a quoted name in braces, and __name__', () => {
    expect(parseSeriesSelector('{mountpoint="/"}').metric).toBeUndefined();
    expect(parseSeriesSelector('{"system.cpu.utilization", cpu="0"}').metric).toBe('system.cpu.utilization');
    expect(parseSeriesSelector('{__name__="node_load1"}').metric).toBe('node_load1');
  });

  it('matches anchored regexes and treats a missing label as empty', () => {
    const matcher = new SeriesMatcher(parseSeriesSelector('disk{mountpoint=~"/data.*",env!="prod"}'));
    expect(matcher.matches('disk', { mountpoint: '/data2' })).toBe(true);
    expect(matcher.matches('disk', { mountpoint: '/var/data' })).toBe(false);
    expect(matcher.matches('disk', { mountpoint: '/data', env: 'prod' })).toBe(false);
    expect(matcher.matches('other', { mountpoint: '/data' })).toBe(false);
  });

  it.each([
    ['{mountpoint=~"("}', /invalid regex/],
    ['disk{mountpoint="/"', /expected , or }/],
    ['disk{mountpoint}', /expected =, !=, =~ or !~/],
    ['{}', /needs a metric name or a matcher/],
    ['disk extra', /unexpected text/],
  ])('rejects %s with a message saying where', (text, message) => {
    expect(() => parseSeriesSelector(text)).toThrow(SelectorError);
    expect(() => parseSeriesSelector(text)).toThrow(message);
  });
});
