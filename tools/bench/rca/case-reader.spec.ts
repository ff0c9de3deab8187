import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDataSet, readCase, readTruth } from './case-reader';
import { parseCsv } from './csv';
import { rankOfTruth, serviceStem, summarize } from './scoring';

describe('parseCsv', () => {
  it('reads quoted fields with commas, doubled quotes, newlines and CRLF', () => {
    const rows = parseCsv('a,b\r\n1,"x, ""y""\nz"\r\n2,plain\n');

    expect(rows).toEqual([
      { a: '1', b: 'x, "y"\nz' },
      { a: '2', b: 'plain' },
    ]);
  });
});

describe('case reader', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'rca-cases-'));
    writeFileSync(join(dir, 'graph.csv'), 'from,to\nfrontend-7d9f8b6c5d-x2k8p,cart-5c7f9d8b4-q9w8e\n');
    mkdirSync(join(dir, 'cases', 'c2'), { recursive: true });
    mkdirSync(join(dir, 'cases', 'c10'), { recursive: true });
    writeFileSync(
      join(dir, 'cases', 'c2', 'metrics.csv'),
      'timestamp,service,metric,statistic,value\n1700000000,cart-5c7f9d8b4-q9w8e,cpu_usage,,0.5\n1700000060,cart-5c7f9d8b4-q9w8e,cpu_usage,,\n',
    );
    writeFileSync(
      join(dir, 'cases', 'c2', 'case.json'),
      JSON.stringify({ id: 'c2', detected_at: 1700000030, symptom: null }),
    );
    writeFileSync(
      join(dir, 'cases', 'c2', 'spans.csv'),
      'trace_id,span_id,parent_span_id,service,operation,start_unix_nano,duration_ns,status\n' +
        't1,s1,,frontend,GET /,1700000000000000000,5000000,OK\n' +
        't1,s2,s1,cart,GetCart,1700000000001000000,3000000,ERROR\n',
    );
    writeFileSync(
      join(dir, 'cases', 'c2', 'logs.csv'),
      'timestamp_unix_nano,service,trace_id,span_id,severity,body\n1700000000500000000,cart,t1,s2,ERROR,"redis timeout, retrying"\n',
    );
    writeFileSync(join(dir, 'cases', 'c10', 'metrics.csv'), 'timestamp,service,metric,statistic,value\n');
    writeFileSync(
      join(dir, 'cases', 'c10', 'case.json'),
      JSON.stringify({
        detected_at: 1700000000,
        symptom: { service: 'frontend', metric: 'latency', statistic: 'p99' },
      }),
    );
    writeFileSync(
      join(dir, 'truth.json'),
      JSON.stringify({ c2: { service: 'cart-5c7f9d8b4-q9w8e', metric: 'cpu_usage' } }),
    );
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists cases in natural order and reads the graph', () => {
    const dataSet = openDataSet(dir);

    expect(dataSet.caseIds).toEqual(['c2', 'c10']);
    expect(dataSet.edges).toEqual([{ from: 'frontend-7d9f8b6c5d-x2k8p', to: 'cart-5c7f9d8b4-q9w8e' }]);
    expect(dataSet.normalMetrics.size).toBe(0);
  });

  it('reads metrics without a statistic or normal period, spans and logs, and a null symptom', () => {
    const input = readCase(openDataSet(dir), 'c2');

    expect(input.symptom).toBeNull();
    expect(input.detectedAtMillis).toBe(1_700_000_030_000);
    expect(input.metrics).toEqual([
      {
        service: 'cart-5c7f9d8b4-q9w8e',
        metric: 'cpu_usage',
        statistic: undefined,
        points: [{ timeMillis: 1_700_000_000_000, value: 0.5 }],
        normal: [],
      },
    ]);
    expect(input.spans).toHaveLength(2);
    expect(input.spans?.[1]).toMatchObject({
      parentSpanId: 's1',
      service: 'cart',
      status: 'error',
      durationNanos: 3_000_000,
    });
    expect(input.spans?.[1].startUnixNano).toBe(1_700_000_000_001_000_000n);
    expect(input.logs).toEqual([
      {
        timeMillis: 1_700_000_000_500,
        service: 'cart',
        severity: 'ERROR',
        body: 'redis timeout, retrying',
        traceId: 't1',
      },
    ]);
  });

  it('reads a symptom with its metric, and truth separately', () => {
    const input = readCase(openDataSet(dir), 'c10');

    expect(input.symptom).toEqual({ service: 'frontend', indicator: 'latency' });
    expect(input.spans).toEqual([]);
    expect(readTruth(dir)?.c2.service).toBe('cart-5c7f9d8b4-q9w8e');
  });
});

describe('scoring', () => {
  it('counts distinct services and matches pods on their stem', () => {
    expect(rankOfTruth(['a', 'a', 'b', 'c'], 'b')).toBe(2);
    expect(rankOfTruth(['a', 'b'], 'z')).toBeNull();
    expect(serviceStem('cart-5c7f9d8b4-q9w8e')).toBe('cart');
    expect(rankOfTruth(['cart-5c7f9d8b4-q9w8e'], 'cart-6d8e7f9a1-zz9x8')).toBe(1);
  });

  it('computes AC@k and Avg@5', () => {
    const summary = summarize([
      { caseId: 'a', truthService: 'x', rank: 1 },
      { caseId: 'b', truthService: 'x', rank: 3 },
      { caseId: 'c', truthService: 'x', rank: null },
      { caseId: 'd', truthService: 'x', rank: 6 },
    ]);

    expect(summary).toMatchObject({ cases: 4, ac1: 0.25, ac3: 0.5, ac5: 0.5 });
    expect(summary.avg5).toBeCloseTo((0.25 + 0.25 + 0.5 + 0.5 + 0.5) / 5);
  });
});
