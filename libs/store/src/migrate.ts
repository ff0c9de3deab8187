import type { Migration } from './migrations';
import { loadMigrations } from './migrations';
import type { Store } from './store';

/** Table recording which migrations ran, with their checksums. */
export const MIGRATIONS_TABLE = 'vigil_schema_migrations';

/** What `migrate` did. */
export interface MigrationReport {
  /** Versions whose statements ran now. */
  readonly applied: number[];
  /** Versions already recorded as applied. */
  readonly alreadyApplied: number[];
}

/** A migration changed after it was applied somewhere: its checksum no longer matches. */
export class MigrationChecksumError extends Error {
  override readonly name = 'MigrationChecksumError';
}

/**
 * Brings the schema up to date; run at every start. Safe to run twice and from two processes at
 * once: every statement is idempotent (checked when the files load) and the record table is a
 * ReplacingMergeTree keyed by version, so two processes racing both run the same idempotent
 * statements and both record the same version. A recorded migration whose file changed fails
 * loudly instead of silently diverging.
 */
export async function migrate(store: Store, migrations: readonly Migration[] = loadMigrations()): Promise<MigrationReport> {
  await store.command(
    `CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (
       version UInt32, name String, checksum String, applied_at DateTime64(3)
     ) ENGINE = ReplacingMergeTree(applied_at) ORDER BY version`,
  );
  const recorded = await store.query<{ version: number; checksum: string }>(
    `SELECT version, any(checksum) AS checksum FROM ${MIGRATIONS_TABLE} GROUP BY version`,
  );
  const checksums = new Map(recorded.rows.map((row) => [Number(row.version), row.checksum]));
  const report: MigrationReport = { applied: [], alreadyApplied: [] };
  for (const migration of migrations) {
    const checksum = checksums.get(migration.version);
    if (checksum !== undefined) {
      if (checksum !== migration.checksum) {
        throw new MigrationChecksumError(
          `migration ${migration.version}-${migration.name} changed after it was applied; add a new migration instead of editing it`,
        );
      }
      report.alreadyApplied.push(migration.version);
      continue;
    }
    for (const statement of migration.statements) await store.command(statement);
    await store.insert(MIGRATIONS_TABLE, [
      { version: migration.version, name: migration.name, checksum: migration.checksum, applied_at: Date.now() },
    ]);
    report.applied.push(migration.version);
  }
  return report;
}
