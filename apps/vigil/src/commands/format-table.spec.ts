import { formatTable } from './format-table';

describe('formatTable', () => {
  it('aligns columns under a header and counts rows', () => {
    const text = formatTable(['name', 'series'], [
      { name: 'http_requests_total', series: 12 },
      { name: 'up', series: 3 },
    ]);
    expect(text.split('\n')).toEqual([
      'name                 series',
      '───────────────────  ──────',
      'http_requests_total  12',
      'up                   3',
      '(2 rows)',
      '',
    ]);
  });

  it('shows objects as JSON and cuts long cells', () => {
    const text = formatTable(['labels'], [{ labels: { job: 'x'.repeat(100) } }]);
    expect(text).toContain('{"job":"xxx');
    expect(text).toContain('…');
  });
});
