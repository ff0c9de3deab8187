import { buildSpanTree } from '../traces/span-tree';
import { toCsv, toTable } from './widget-resolver';
import { dashboardInputSchema, defaultStepSeconds, mapBounded } from './widget';

describe('dashboard widgets', () => {
  it('runs widget queries at most N at once and keeps their order', async () => {
    let running = 0;
    let peak = 0;
    const results = await mapBounded([30, 10, 20, 5, 15], 2, async (delayMillis) => {
      peak = Math.max(peak, ++running);
      await new Promise((resolve) => setTimeout(resolve, delayMillis));
      running--;
      return delayMillis * 2;
    });
    expect(results).toEqual([60, 20, 40, 10, 30]);
    expect(peak).toBe(2);
  });

  it('picks chart steps that whole rollup buckets answer', () => {
    expect(defaultStepSeconds(3_600_000)).toBe(60);
    expect(defaultStepSeconds(86_400_000)).toBe(720);
    expect(defaultStepSeconds(7 * 86_400_000)).toBe(7_200);
  });

  it('refuses a dashboard with two widgets of one id or an unknown widget type', () => {
    const kpi = { id: 'a', type: 'KPI', query: { selector: 'cpu' } };
    expect(dashboardInputSchema.safeParse({ title: 't', widgets: [kpi, kpi] }).success).toBe(false);
    expect(dashboardInputSchema.safeParse({ title: 't', widgets: [{ ...kpi, type: 'PIE' }] }).success).toBe(false);
    expect(dashboardInputSchema.safeParse({ title: 't', widgets: [kpi] }).success).toBe(true);
  });

  it('exports series as (labels, time, value) rows and quotes CSV fields that need it', () => {
    const table = toTable({ series: [{ labels: { host: 'a,b' }, points: [[0, 1.5], [60_000, null]] }] });
    expect(toCsv(table)).toBe('labels,time,value\r\n"{""host"":""a,b""}",1970-01-01T00:00:00.000Z,1.5\r\n"{""host"":""a,b""}",1970-01-01T00:01:00.000Z,\r\n');
  });
});

describe('span tree', () => {
  const span = (spanId: string, parentSpanId: string) => ({
    spanId, parentSpanId, service: 's', operation: 'o', kind: 'server', startTime: '', startUnixNano: '0', durationMillis: 1, status: 'ok', statusMessage: '',
    attributes: {}, resource: {}, events: [], links: [],
  });

  it('hangs children under parents and keeps orphans (parent not ingested) as roots', () => {
    const roots = buildSpanTree([span('1', ''), span('2', '1'), span('3', '2'), span('4', 'missing')]);
    expect(roots.map((r) => r.spanId)).toEqual(['1', '4']);
    expect(roots[0].children[0].children[0].spanId).toBe('3');
  });
});
