import { groupSeries, type SelectedSeries } from './range-groups';

const series: SelectedSeries[] = [
  { fingerprint: '3', labels: { zone: 'b', host: 'h3' } },
  { fingerprint: '1', labels: { host: 'h1', zone: 'a' } },
  { fingerprint: '18446744073709551615', labels: { host: 'h2', zone: 'a' } },
  { fingerprint: '4', labels: { host: 'h4' } },
];

describe('range groups', () => {
  it('keeps every series apart without groupBy, with its full labels', () => {
    const groups = groupSeries(series, undefined);
    expect(groups.labels).toEqual([{ host: 'h1', zone: 'a' }, { host: 'h2', zone: 'a' }, { host: 'h3', zone: 'b' }, { host: 'h4' }]);
    expect(groups.fingerprints).toEqual([1n, 18446744073709551615n, 3n, 4n]);
    expect(groups.groupOf).toEqual([0, 1, 2, 3]);
  });

  it('groups by label values, leaving out labels a series lacks', () => {
    const groups = groupSeries(series, ['zone']);
    expect(groups.labels).toEqual([{ zone: 'a' }, { zone: 'b' }, {}]);
    const groupOf = new Map(groups.fingerprints.map((f, i) => [f, groups.groupOf[i]]));
    expect([groupOf.get(1n), groupOf.get(18446744073709551615n), groupOf.get(3n), groupOf.get(4n)]).toEqual([0, 0, 1, 2]);
  });

  it('puts all series in one group for an empty groupBy', () => {
    const groups = groupSeries(series, []);
    expect(groups.labels).toEqual([{}]);
    expect(groups.groupOf).toEqual([0, 0, 0, 0]);
  });
});
