import { fingerprint, fingerprintDecimal, goQuote, labelSetString } from './fingerprint';

describe('Prometheus label-set fingerprint', () => {
  it('matches prometheus/common for the empty set (FNV-1a 64 offset basis)', () => {
    expect(fingerprintDecimal({})).toBe('14695981039346656037');
    expect(fingerprint({})).toBe('cbf29ce484222325');
  });

  it('matches prometheus/common TestMetricToFingerprint', () => {
    expect(fingerprintDecimal({ name: 'garland, briggs', fear: 'love is not enough' })).toBe('5799056148416392346');
  });

  it('matches fingerprints reported by a real Alertmanager 0.25 webhook', () => {
    expect(fingerprint({ alertname: 'Other', severity: 'info' })).toBe('8fd21672b6ccfe3d');
    expect(fingerprint({ alertname: 'Slow', team: 'db', severity: 'critical' })).toBe('48ae44f6f61ffb4c');
    expect(fingerprint({ alertname: 'Down', service: 'api', severity: 'warning' })).toBe('0393b32caeb3360a');
  });

  it('does not depend on the order labels were given in', () => {
    expect(fingerprint({ b: '2', a: '1' })).toBe(fingerprint({ a: '1', b: '2' }));
  });

  it('separates name and value so shifted boundaries differ', () => {
    expect(fingerprint({ ab: 'c' })).not.toBe(fingerprint({ a: 'bc' }));
  });

  it('hashes UTF-8 bytes of non-ASCII values', () => {
    expect(fingerprint({ city: 'Zürich' })).not.toBe(fingerprint({ city: 'Zurich' }));
    expect(fingerprint({ city: 'Zürich' })).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('Go label-set strings (group keys)', () => {
  it('sorts name="value" pairs as whole strings, like Go', () => {
    // '0' (0x30) sorts before '=' (0x3d): Go puts a0 before a.
    expect(labelSetString({ a: 'x', a0: 'y' })).toBe('{a0="y", a="x"}');
  });

  it('quotes values with Go escapes', () => {
    expect(goQuote('say "hi"\n\\')).toBe('"say \\"hi\\"\\n\\\\"');
    expect(goQuote('tab\there')).toBe('"tab\\there"');
    expect(goQuote('Zürich')).toBe('"Zürich"');
  });

  it('prints the empty set as {}', () => {
    expect(labelSetString({})).toBe('{}');
  });
});
