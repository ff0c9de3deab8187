import { useEmbeddedStore } from './embedded-store';

describe('spans_by_trace projection (migration 010)', () => {
  const ctx = useEmbeddedStore();

  it('answers a trace-id lookup from the projection, one granule instead of one per (service, operation)', async () => {
    // 10,000 traces × 8 spans over 4 services and 8 operations: ~10 granules, each trace in several.
    await ctx.store.command(
      `INSERT INTO spans (tenant, trace_id, span_id, parent_span_id, service, name, kind, start_time, duration_ns, status_code, retention_days)
       SELECT 'acme', lower(hex(MD5(toString(intDiv(number, 8))))), leftPad(lower(hex(number)), 16, '0'), '', concat('svc-', toString(number % 4)),
              concat('op-', toString(number % 8)), 'server', now64(9) - toIntervalMillisecond(intDiv(number, 8)), 1000, 'ok', 30
       FROM numbers(80000)`,
    );
    const traceId = (await ctx.store.query<{ id: string }>(`SELECT lower(hex(MD5('7'))) AS id`)).rows[0].id;
    const lookup = `SELECT span_id, service FROM spans WHERE tenant = {tenant:String} AND trace_id = {traceId:String} ORDER BY span_id`;
    const spans = await ctx.store.query<{ span_id: string; service: string }>(lookup, { tenant: 'acme', traceId });
    expect(spans.rows.map((s) => s.span_id)).toEqual(['0000000000000038', '0000000000000039', '000000000000003a', '000000000000003b', '000000000000003c', '000000000000003d', '000000000000003e', '000000000000003f']);
    const plan = await ctx.store.query<{ explain: string }>(`EXPLAIN indexes = 1 ${lookup}`, { tenant: 'acme', traceId });
    const text = plan.rows.map((r) => r.explain).join('\n');
    expect(text).toContain('spans_by_trace');
    expect(text).toMatch(/Granules: 1\b/);
    const other = await ctx.store.query(lookup, { tenant: 'other', traceId });
    expect(other.rows).toEqual([]);
  });
});
