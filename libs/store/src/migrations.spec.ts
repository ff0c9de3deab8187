import { loadMigrations, nonIdempotentStatements, splitStatements } from './migrations';

describe('migrations', () => {
  it('splits a file into statements at line-ending semicolons, dropping comment lines', () => {
    const sql = '-- header\nCREATE TABLE IF NOT EXISTS a (x UInt8)\nENGINE = Memory;\n\n-- next\nCREATE TABLE IF NOT EXISTS b (s String DEFAULT \';\') ENGINE = Memory;\n';
    expect(splitStatements(sql)).toEqual([
      'CREATE TABLE IF NOT EXISTS a (x UInt8)\nENGINE = Memory',
      "CREATE TABLE IF NOT EXISTS b (s String DEFAULT ';') ENGINE = Memory",
    ]);
  });

  it('flags statements that would fail or repeat their effect on a second run', () => {
    expect(
      nonIdempotentStatements([
        'CREATE TABLE t (x UInt8) ENGINE = Memory',
        'CREATE TABLE IF NOT EXISTS t (x UInt8) ENGINE = Memory',
        'ALTER TABLE t ADD COLUMN y UInt8',
        'ALTER TABLE t ADD COLUMN IF NOT EXISTS y UInt8',
        'ALTER TABLE t MODIFY SETTING non_replicated_deduplication_window = 1000',
        'DROP TABLE t',
        "INSERT INTO t VALUES (1)",
      ]),
    ).toEqual(['CREATE TABLE t (x UInt8) ENGINE = Memory', 'ALTER TABLE t ADD COLUMN y UInt8', 'DROP TABLE t', 'INSERT INTO t VALUES (1)']);
  });

  it('ships numbered, idempotent migrations starting at 001', () => {
    const migrations = loadMigrations();
    expect(migrations[0]).toMatchObject({ version: 1, name: 'metrics' });
    for (let i = 1; i < migrations.length; i++) expect(migrations[i].version).toBeGreaterThan(migrations[i - 1].version);
    for (const migration of migrations) {
      expect(migration.statements.length).toBeGreaterThan(0);
      expect(migration.checksum).toMatch(/^[0-9a-f]{64}$/);
    }
  });
});
