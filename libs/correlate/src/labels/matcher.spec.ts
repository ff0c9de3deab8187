import { compareMatchers, compileMatcher, matcherFromApi, matcherToApi, matchersString, matchesAll, parseMatcher, parseMatchers } from './matcher';

describe('matchers', () => {
  it('supports = != =~ !~ with anchored regexes', () => {
    expect(compileMatcher({ type: '=', name: 'a', value: 'x' }).matches('x')).toBe(true);
    expect(compileMatcher({ type: '!=', name: 'a', value: 'x' }).matches('y')).toBe(true);
    const re = compileMatcher({ type: '=~', name: 'a', value: 'web|api' });
    expect(re.matches('api')).toBe(true);
    expect(re.matches('api-2')).toBe(false); // anchored: not a substring match
    expect(compileMatcher({ type: '!~', name: 'a', value: 'db.*' }).matches('dbx')).toBe(false);
  });

  it('treats a missing label as the empty string', () => {
    const ms = [compileMatcher({ type: '=', name: 'team', value: '' }), compileMatcher({ type: '!~', name: 'env', value: '.+' })];
    expect(matchesAll(ms, { alertname: 'X' })).toBe(true);
    expect(matchesAll(ms, { alertname: 'X', env: 'prod' })).toBe(false);
  });

  it('understands RE2 inline case-insensitivity', () => {
    expect(compileMatcher({ type: '=~', name: 'a', value: '(?i)error' }).matches('ERROR')).toBe(true);
  });

  it('rejects an invalid regex', () => {
    expect(() => compileMatcher({ type: '=~', name: 'a', value: '(' })).toThrow(/invalid regex/);
  });
});

describe('matcher parsing (matchers: strings)', () => {
  it('parses quoted and bare values', () => {
    expect(parseMatcher('team="db"')).toEqual({ type: '=', name: 'team', value: 'db' });
    expect(parseMatcher(' severity != warning ')).toEqual({ type: '!=', name: 'severity', value: 'warning' });
    expect(parseMatcher('code=~"5.."')).toEqual({ type: '=~', name: 'code', value: '5..' });
  });

  it('unescapes OpenMetrics escapes inside quotes', () => {
    expect(parseMatcher('msg="say \\"hi\\"\\nbye"').value).toBe('say "hi"\nbye');
  });

  it('splits lists on commas outside quotes, with optional braces', () => {
    expect(parseMatchers('{a="1,2", b!=3}')).toEqual([
      { type: '=', name: 'a', value: '1,2' },
      { type: '!=', name: 'b', value: '3' },
    ]);
  });

  it('reports a bad matcher', () => {
    expect(() => parseMatcher('not a matcher')).toThrow(/bad matcher format/);
    expect(() => parseMatcher('a="x"y"')).toThrow(/unescaped double quote/);
  });
});

describe('matcher ordering and strings (route keys)', () => {
  it('sorts by name, then value, then type, and prints without spaces', () => {
    const ms = [
      { type: '=~' as const, name: 'b', value: 'x' },
      { type: '=' as const, name: 'a', value: 'z' },
      { type: '=' as const, name: 'b', value: 'x' },
    ].sort(compareMatchers);
    expect(matchersString(ms)).toBe('{a="z",b="x",b=~"x"}');
  });
});

describe('API v2 JSON matchers', () => {
  it('maps isRegex/isEqual both ways, isEqual defaulting to true', () => {
    expect(matcherFromApi({ name: 'a', value: 'x', isRegex: false })).toEqual({ type: '=', name: 'a', value: 'x' });
    expect(matcherFromApi({ name: 'a', value: 'x|y', isRegex: true, isEqual: false })).toEqual({ type: '!~', name: 'a', value: 'x|y' });
    expect(matcherToApi({ type: '=~', name: 'a', value: 'x' })).toEqual({ name: 'a', value: 'x', isRegex: true, isEqual: true });
  });

  it('rejects an invalid regex', () => {
    expect(() => matcherFromApi({ name: 'a', value: '(', isRegex: true })).toThrow(/invalid regex/);
  });
});
