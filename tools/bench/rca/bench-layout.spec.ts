/**
 * End to end over the neutral layout with what PetShop lacks: pod names with hash suffixes,
 * lower_snake_case metrics without statistics, no normal/ folder, a null symptom, and cases
 * whose root cause shows in spans.csv or logs.csv.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rankRootCauses } from '@vigil/insight';
import { openDataSet, readCase, readTruth } from './case-reader';
import { rankOfTruth } from './scoring';

const FRONTEND = 'frontend-7d9f8b6c5d-x2k8p';
const CART = 'cartservice-5c7f9d8b4-q9w8e';
const REDIS = 'redis-cart-6b8f7c9d5-m4n5b';
const CURRENCY = 'currencyservice-84c7d9f6b-z7x6c';
const T0 = 1_700_000_000;
const STEPS = 40;
const FAULT_STEP = 25;

function metricsCsv(faulty: string | null): string {
  const rows = ['timestamp,service,metric,statistic,value'];
  const level: Record<string, number> = { [FRONTEND]: 0.12, [CART]: 0.03, [REDIS]: 0.002, [CURRENCY]: 0.01 };
  for (let step = 0; step < STEPS; step++) {
    for (const service of Object.keys(level)) {
      const wiggle = 1 + 0.05 * Math.sin(step * 1.3 + service.length);
      let latency = level[service] * wiggle;
      // A slow redis makes cart and frontend slower by the same absolute amount.
      if (faulty === REDIS && step >= FAULT_STEP && service !== CURRENCY) latency += 0.2;
      rows.push(`${T0 + step * 60},${service},latency_seconds,,${latency}`);
      rows.push(`${T0 + step * 60},${service},cpu_usage,,${0.2 * wiggle}`);
    }
  }
  return `${rows.join('\n')}\n`;
}

function spansCsv(): string {
  const rows = ['trace_id,span_id,parent_span_id,service,operation,start_unix_nano,duration_ns,status'];
  for (let i = 0; i < STEPS * 6; i++) {
    const startNs = BigInt(T0 + i * 10) * 1_000_000_000n;
    const slow = i * 10 >= FAULT_STEP * 60;
    const currencyMs = slow ? 150 : 3 + (i % 3);
    rows.push(`t${i},a${i},,frontend,GET /product,${startNs},${(20 + currencyMs) * 1e6},OK`);
    rows.push(
      `t${i},b${i},a${i},currencyservice,Convert,${startNs + 1_000_000n},${currencyMs * 1e6},${slow ? 'ERROR' : 'OK'}`,
    );
    rows.push(`t${i},c${i},a${i},cartservice,GetCart,${startNs + 2_000_000n},${4 * 1e6},OK`);
  }
  return `${rows.join('\n')}\n`;
}

function logsCsv(): string {
  const rows = ['timestamp_unix_nano,service,trace_id,span_id,severity,body'];
  for (let i = 0; i < STEPS * 10; i++) {
    const ns = BigInt(T0 + i * 6) * 1_000_000_000n;
    rows.push(`${ns},${CART},,,INFO,"served cart for user ${i % 17} in ${3 + (i % 5)}ms"`);
    rows.push(`${ns},${CURRENCY},,,INFO,"converted ${i % 9} EUR to USD"`);
    if (i * 6 >= FAULT_STEP * 60)
      rows.push(
        `${ns},${CART},,,ERROR,"Can't access cart storage. System.ApplicationException: Wasn't able to connect to redis-cart:6379 (${i})"`,
      );
  }
  return `${rows.join('\n')}\n`;
}

describe('bench:rca over a generated data set in the neutral layout', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'rca-layout-'));
    writeFileSync(
      join(dir, 'graph.csv'),
      `from,to\n${FRONTEND},${CART}\n${FRONTEND},${CURRENCY}\n${CART},${REDIS}\n`,
    );
    const write = (id: string, files: Record<string, string>) => {
      mkdirSync(join(dir, 'cases', id), { recursive: true });
      for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'cases', id, name), text);
    };
    write('redis-latency', {
      'metrics.csv': metricsCsv(REDIS),
      'case.json': JSON.stringify({ detected_at: T0 + (FAULT_STEP + 2) * 60, symptom: null }),
    });
    write('currency-in-spans', {
      'metrics.csv': metricsCsv(null),
      'spans.csv': spansCsv(),
      'case.json': JSON.stringify({
        detected_at: T0 + (FAULT_STEP + 2) * 60,
        symptom: { service: 'frontend', metric: 'latency' },
      }),
    });
    write('redis-in-logs', {
      'metrics.csv': metricsCsv(null),
      'logs.csv': logsCsv(),
      'case.json': JSON.stringify({ detected_at: T0 + (FAULT_STEP + 2) * 60, symptom: null }),
    });
    writeFileSync(
      join(dir, 'truth.json'),
      JSON.stringify({
        'redis-latency': { service: REDIS, metric: 'latency_seconds' },
        'currency-in-spans': { service: 'currencyservice', metric: null },
        'redis-in-logs': { service: CART, metric: null },
      }),
    );
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(['redis-latency', 'currency-in-spans', 'redis-in-logs'])(
    'ranks the true cause of %s first',
    (caseId) => {
      const dataSet = openDataSet(dir);
      const truth = readTruth(dir);

      const ranked = rankRootCauses(readCase(dataSet, caseId));

      expect(
        rankOfTruth(
          ranked.map((c) => c.service),
          truth?.[caseId].service ?? '',
        ),
      ).toBe(1);
      expect(ranked[0].evidence.signals.length).toBeGreaterThan(0);
    },
  );
});
