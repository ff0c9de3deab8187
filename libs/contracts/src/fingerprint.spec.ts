import {
  fingerprintFromHex,
  fingerprintToHex,
  labelsFingerprint,
  normalizeLabels,
  seriesFingerprint,
  seriesFingerprintHex,
} from './fingerprint';

/** Reference FNV-1a 64 in bigint arithmetic over TextEncoder bytes: slow, obviously right. */
function referenceFnv1a64(pairs: Array<[string, string]>): bigint {
  let hash = 0xcbf29ce484222325n;
  const feed = (bytes: Iterable<number>) => {
    for (const byte of bytes) hash = ((hash ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn;
  };
  for (const [name, value] of pairs) {
    feed(new TextEncoder().encode(name));
    feed([0xff]);
    feed(new TextEncoder().encode(value));
    feed([0xff]);
  }
  return hash;
}

describe('series fingerprint', () => {
  it('matches the values pinned by Prometheus model.LabelSet.Fingerprint tests', () => {
    expect(labelsFingerprint([])).toBe(14695981039346656037n);
    const labels = [
      { name: 'fear', value: 'love is not enough' },
      { name: 'name', value: 'garland, briggs' },
    ];
    expect(labelsFingerprint(labels)).toBe(5799056148416392346n);
  });

  it('hashes the metric name as the __name__ label in its sorted place, as Prometheus does', () => {
    const labels = [
      { name: 'Zone', value: 'eu' }, // uppercase sorts before "__name__"
      { name: 'job', value: 'api' },
    ];
    const expected = labelsFingerprint([
      { name: 'Zone', value: 'eu' },
      { name: '__name__', value: 'up' },
      { name: 'job', value: 'api' },
    ]);
    expect(seriesFingerprint('up', labels)).toBe(expected);
  });

  // Values computed independently (Python: FNV-1a 64 over the UTF-8 bytes); a change here
  // re-keys every stored series and repartitions every topic.
  it('pins known values so the Kafka keys of stored series never change', () => {
    const labels = [
      { name: 'instance', value: 'host-1:9100' },
      { name: 'job', value: 'node' },
    ];
    expect(seriesFingerprint('node_cpu_seconds_total', labels)).toBe(
      referenceFnv1a64([
        ['__name__', 'node_cpu_seconds_total'],
        ['instance', 'host-1:9100'],
        ['job', 'node'],
      ]),
    );
    expect(seriesFingerprintHex('node_cpu_seconds_total', labels)).toBe('3782a9da4e890cfc');
    expect(seriesFingerprintHex('up', [])).toBe('a6a0cb87086ec65b');
  });

  it('agrees with a bigint reference on multi-byte UTF-8 and surrogate pairs', () => {
    const cases: Array<[string, Array<{ name: string; value: string }>]> = [
      ['température', [{ name: 'ville', value: 'Zürich' }]],
      ['requests', [{ name: 'emoji', value: 'ok 👍 done' }, { name: 'kanji', value: '東京' }]],
      ['lone', [{ name: 'x', value: 'bad \ud800 surrogate' }]],
    ];
    for (const [name, labels] of cases) {
      const pairs: Array<[string, string]> = [['__name__', name], ...labels.map((l): [string, string] => [l.name, l.value])];
      expect(seriesFingerprint(name, labels)).toBe(referenceFnv1a64(pairs));
    }
  });

  it('gives the hex form and the bigint form of the same value, zero-padded to 16 chars', () => {
    for (let i = 0; i < 200; i++) {
      const labels = [{ name: 'i', value: String(i) }];
      const hex = seriesFingerprintHex('m', labels);
      expect(hex).toMatch(/^[0-9a-f]{16}$/);
      expect(fingerprintToHex(seriesFingerprint('m', labels))).toBe(hex);
      expect(fingerprintFromHex(hex)).toBe(seriesFingerprint('m', labels));
    }
  });

  it('distinguishes a label moved between name and value', () => {
    expect(seriesFingerprint('m', [{ name: 'ab', value: 'c' }])).not.toBe(seriesFingerprint('m', [{ name: 'a', value: 'bc' }]));
  });

  it('rejects a hex fingerprint of the wrong shape', () => {
    expect(() => fingerprintFromHex('abc')).toThrow(RangeError);
    expect(() => fingerprintFromHex('3782A9DA4E890CFC')).toThrow(RangeError);
  });
});

describe('normalizeLabels', () => {
  it('returns already-normal labels as the same array, allocating nothing', () => {
    const labels = [
      { name: 'a', value: '1' },
      { name: 'b', value: '2' },
    ];
    expect(normalizeLabels(labels)).toBe(labels);
  });

  it('sorts, drops empty values and __name__', () => {
    const labels = [
      { name: 'z', value: '1' },
      { name: '__name__', value: 'x' },
      { name: 'a', value: '' },
      { name: 'b', value: '2' },
    ];
    expect(normalizeLabels(labels)).toEqual([
      { name: 'b', value: '2' },
      { name: 'z', value: '1' },
    ]);
  });

  it('refuses duplicate names rather than guess which value wins', () => {
    expect(() => normalizeLabels([{ name: 'a', value: '1' }, { name: 'a', value: '2' }])).toThrow(/duplicate label name "a"/);
  });
});
