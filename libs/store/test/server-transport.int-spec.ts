import { engineSuite } from '@vigil/testing';
import { Store, StoreQueryError, StoreUnavailableError, runReadOnlyQuery } from '../src';

// Debian's ClickHouse 18.16 proves the HTTP transport only: it has no query parameters,
// DateTime64, Map or LowCardinality, so the schema is tested on chDB (DESIGN.md).
engineSuite('Store over HTTP (ClickHouse server)', ['clickhouse'], (addresses) => {
  let store: Store;
  const table = `transport_${process.pid}_${Date.now()}`;

  beforeAll(async () => {
    store = Store.open({ kind: 'server', url: addresses.clickhouse, requestTimeoutMillis: 10_000 });
    await store.command(`CREATE TABLE ${table} (id UInt64, name String, value Float64) ENGINE = MergeTree ORDER BY id`);
  });

  afterAll(async () => {
    await store.command(`DROP TABLE IF EXISTS ${table}`);
    await store.close();
  });

  it('connects', async () => {
    expect(await store.ping()).toBe(true);
  });

  it('inserts rows in chunks and selects them back, 64-bit integers exact', async () => {
    const rows = [
      { id: '18446744073709551615', name: 'max', value: 1.5 },
      { id: '1', name: 'one', value: -2 },
      { id: '2', name: 'two', value: 0.25 },
    ];
    const report = await store.insert(table, rows, { chunkRows: 2 });
    expect(report).toEqual({ rowsSent: 3, requests: 2 });
    const result = await store.query<{ id: string; name: string; value: number }>(`SELECT id, name, value FROM ${table} ORDER BY id`);
    expect(result.columns.map((c) => c.name)).toEqual(['id', 'name', 'value']);
    expect(result.rows).toEqual([
      { id: '1', name: 'one', value: -2 },
      { id: '2', name: 'two', value: 0.25 },
      { id: '18446744073709551615', name: 'max', value: 1.5 },
    ]);
  });

  it('inserts TabSeparated text in one request, fields escaped', async () => {
    const tsvTable = `${table}_tsv`;
    await store.command(`CREATE TABLE ${tsvTable} (id UInt64, name String, value Float64) ENGINE = MergeTree ORDER BY id`);
    try {
      const body = Buffer.from('10\ttab\\there\t0.5\n11\tline\\nbreak\t-1\n');
      expect(await store.insertTabSeparated(tsvTable, ['id', 'name', 'value'], body)).toEqual({ rowsSent: 2, requests: 1 });
      const result = await store.query<{ name: string; value: number }>(`SELECT name, value FROM ${tsvTable} ORDER BY id`);
      expect(result.rows).toEqual([
        { name: 'tab\there', value: 0.5 },
        { name: 'line\nbreak', value: -1 },
      ]);
    } finally {
      await store.command(`DROP TABLE IF EXISTS ${tsvTable}`);
    }
  });

  it('maps an unknown table to StoreQueryError with the ClickHouse code', async () => {
    const failure = await store.query('SELECT * FROM no_such_table_here').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StoreQueryError);
    expect((failure as StoreQueryError).clickhouseCode).toBe(60);
    expect((failure as StoreQueryError).retryable).toBe(false);
  });

  it('refuses a write in a read-only query', async () => {
    const failure = await runReadOnlyQuery(store, `INSERT INTO ${table} SELECT 9, 'x', 1`).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StoreQueryError);
    const read = await runReadOnlyQuery(store, `SELECT count() AS n FROM ${table}`);
    expect(read.rows).toEqual([{ n: '3' }]);
  });

  it('maps a refused connection to StoreUnavailableError', async () => {
    const closedPort = Store.open({ kind: 'server', url: 'http://127.0.0.1:1', requestTimeoutMillis: 2_000 });
    try {
      const failure = await closedPort.query('SELECT 1').catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(StoreUnavailableError);
      expect((failure as StoreUnavailableError).retryable).toBe(true);
      expect(await closedPort.ping()).toBe(false);
    } finally {
      await closedPort.close();
    }
  });
});
