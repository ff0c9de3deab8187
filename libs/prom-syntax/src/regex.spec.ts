import { InvalidRegexError, compileAnchored } from './regex';

describe('compileAnchored', () => {
  it('anchors at both ends, as Prometheus and Alertmanager do', () => {
    const regex = compileAnchored('5..', { dotAll: true });
    expect(regex.test('503')).toBe(true);
    expect(regex.test('1503')).toBe(false);
    expect(regex.test('5034')).toBe(false);
  });

  it('anchors every alternative, not just the first and last', () => {
    const regex = compileAnchored('a|b', { dotAll: false });
    expect(regex.test('a')).toBe(true);
    expect(regex.test('ab')).toBe(false);
  });

  it('lets . match a newline only when asked (Prometheus yes, Alertmanager no)', () => {
    expect(compileAnchored('a.b', { dotAll: true }).test('a\nb')).toBe(true);
    expect(compileAnchored('a.b', { dotAll: false }).test('a\nb')).toBe(false);
  });

  it('translates RE2 leading flags and named groups', () => {
    expect(compileAnchored('(?i)error', { dotAll: false }).test('ERROR')).toBe(true);
    expect(compileAnchored('(?P<code>5..)', { dotAll: true }).exec('502')?.groups?.code).toBe('502');
  });

  it('rejects what it cannot mean exactly, naming the pattern', () => {
    expect(() => compileAnchored('(?U)a+', { dotAll: false })).toThrow(InvalidRegexError);
    expect(() => compileAnchored('a(', { dotAll: false })).toThrow(/invalid regex "a\("/);
  });
});
