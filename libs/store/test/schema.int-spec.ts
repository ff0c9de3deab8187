import { MIGRATIONS_TABLE, MigrationChecksumError, StoreQueryError, loadMigrations, migrate, runReadOnlyQuery } from '../src';
import { useEmbeddedStore } from './embedded-store';

describe('schema and Store on chDB', () => {
  const ctx = useEmbeddedStore(); // already migrated once

  it('creates every table of the schema, each with a tenant column', async () => {
    const tables = await ctx.store.query<{ name: string; has_tenant: number }>(
      `SELECT t.name AS name, countIf(c.name = 'tenant') AS has_tenant
       FROM system.tables AS t LEFT JOIN system.columns AS c ON c.database = t.database AND c.table = t.name
       WHERE t.database = currentDatabase() AND t.engine LIKE '%MergeTree' AND t.name != {migrations:String}
       GROUP BY t.name ORDER BY t.name`,
      { migrations: MIGRATIONS_TABLE },
    );
    expect(tables.rows.map((t) => t.name)).toEqual(
      expect.arrayContaining([
        'alerts', 'anomalies', 'feedback', 'forecasts', 'incidents', 'insights', 'logs',
        'metric_histograms', 'metric_rollup_1h', 'metric_rollup_1m', 'metric_samples', 'metric_series', 'metric_summaries',
        'service_edges', 'spans', 'trace_index',
      ]),
    );
    expect(tables.rows.filter((t) => Number(t.has_tenant) !== 1)).toEqual([]);
  });

  it('is a no-op when migrations run again, and when two runs race', async () => {
    const again = await migrate(ctx.store);
    expect(again.applied).toEqual([]);
    expect(again.alreadyApplied).toEqual(loadMigrations().map((m) => m.version));
    // Two "processes" racing on a fresh record table: both run the idempotent statements.
    await ctx.store.command(`TRUNCATE TABLE ${MIGRATIONS_TABLE}`);
    const [first, second] = await Promise.all([migrate(ctx.store), migrate(ctx.store)]);
    expect(first.applied.length + first.alreadyApplied.length).toBe(loadMigrations().length);
    expect(second.applied.length + second.alreadyApplied.length).toBe(loadMigrations().length);
    const recorded = await ctx.store.query<{ n: string }>(`SELECT uniqExact(version) AS n FROM ${MIGRATIONS_TABLE}`);
    expect(Number(recorded.rows[0].n)).toBe(loadMigrations().length);
  });

  it('refuses to continue when an applied migration was edited', async () => {
    const edited = loadMigrations().map((m, i) => (i === 0 ? { ...m, checksum: 'edited' } : m));
    await expect(migrate(ctx.store, edited)).rejects.toBeInstanceOf(MigrationChecksumError);
  });

  it('binds parameters by type and refuses unbound or unused ones', async () => {
    const result = await ctx.store.query<{ v: string; s: string }>('SELECT {v:UInt64} AS v, {s:String} AS s', { v: 18446744073709551615n, s: "it's; DROP TABLE spans" });
    expect(result.rows).toEqual([{ v: '18446744073709551615', s: "it's; DROP TABLE spans" }]);
    await expect(ctx.store.query('SELECT {v:UInt64} AS v')).rejects.toThrow(/placeholder \{v:…\} has no value/);
    await expect(ctx.store.query('SELECT 1', { stray: 1 })).rejects.toThrow(/parameter "stray" is not used/);
  });

  it('reports a bad statement as StoreQueryError with the ClickHouse code', async () => {
    const failure = await ctx.store.query('SELECT * FROM no_such_table').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StoreQueryError);
    expect((failure as StoreQueryError).clickhouseCode).toBe(60);
  });

  it('runs read-only queries without letting them write, and without locking later writes', async () => {
    const read = await runReadOnlyQuery(ctx.store, 'SELECT number FROM system.numbers LIMIT 5', { maxRows: 3 });
    expect(read.columns).toEqual([{ name: 'number', type: 'UInt64' }]);
    expect(read.rows).toEqual([{ number: '0' }, { number: '1' }, { number: '2' }]);
    expect(read.truncated).toBe(true);
    await expect(runReadOnlyQuery(ctx.store, 'DROP TABLE feedback')).rejects.toBeInstanceOf(StoreQueryError);
    await expect(runReadOnlyQuery(ctx.store, 'SELECT 1; DROP TABLE feedback')).rejects.toThrow(/one statement per call/);
    // chDB applies request settings session-wide; Store must keep readonly to that one query.
    await ctx.store.insert('feedback', [{ tenant: 't', id: 'after-readonly', target: 1, target_id: 'x', kind: 1, at: Date.now(), retention_days: 1 }]);
    const count = await ctx.store.query<{ n: string }>("SELECT count() AS n FROM feedback WHERE id = 'after-readonly'");
    expect(count.rows).toEqual([{ n: '1' }]);
  });

  it('drops a block whose token was seen, keeps identical blocks sent without a token, and leaks no token', async () => {
    const row = (id: string) => ({ tenant: 't', id, target: 1, target_id: 'y', kind: 1, at: Date.now(), retention_days: 1 });
    await ctx.store.insert('feedback', [row('tok-a')], { deduplicationToken: 'same' });
    await ctx.store.insert('feedback', [row('tok-a')], { deduplicationToken: 'same' });
    await ctx.store.insert('feedback', [row('tok-b')]);
    await ctx.store.insert('feedback', [row('tok-b')]); // no token: identical blocks are both kept
    const ids = await ctx.store.query<{ id: string; n: string }>("SELECT id, count() AS n FROM feedback WHERE target_id = 'y' GROUP BY id ORDER BY id");
    expect(ids.rows).toEqual([
      { id: 'tok-a', n: '1' },
      { id: 'tok-b', n: '2' },
    ]);
  });
});
