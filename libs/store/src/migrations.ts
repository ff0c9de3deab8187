import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** One numbered schema change: `migrations/NNN-name.sql`. */
export interface Migration {
  /** NNN, unique and increasing. */
  readonly version: number;
  /** The file name without number and extension, e.g. `metrics`. */
  readonly name: string;
  /** SHA-256 of the file text; a migration must never change once applied anywhere. */
  readonly checksum: string;
  /** The statements, in order, comments removed. */
  readonly statements: readonly string[];
}

/** Folder of the migration files shipped with this library. */
export const MIGRATIONS_DIR = join(__dirname, '..', 'migrations');

const FILE_NAME = /^(\d{3})-([a-z0-9-]+)\.sql$/;

/**
 * Splits a migration file into statements. The format is deliberately plain so no SQL parser is
 * needed: whole-line `--` comments are dropped and a statement ends with `;` at the end of a
 * line. (A `;` inside a string literal at a line end would break it; migrations do not do that.)
 */
export function splitStatements(sql: string): string[] {
  const withoutComments = sql
    .split('\n')
    .filter((line) => !line.trim().startsWith('--'))
    .join('\n');
  return withoutComments
    .split(/;[ \t]*$/m)
    .map((statement) => statement.trim())
    .filter((statement) => statement.length > 0);
}

/**
 * Statements that would fail or change something when run a second time. Migrations run at every
 * start and from several processes at once, so each statement must be idempotent.
 */
export function nonIdempotentStatements(statements: readonly string[]): string[] {
  return statements.filter((statement) => {
    const text = statement.replace(/\s+/g, ' ').toUpperCase();
    if (/^CREATE (TABLE|MATERIALIZED VIEW|VIEW|DATABASE|DICTIONARY|FUNCTION)\b/.test(text)) return !text.includes(' IF NOT EXISTS ');
    if (/^DROP\b/.test(text)) return !text.includes(' IF EXISTS ');
    if (/^ALTER\b/.test(text)) {
      const adds = /\bADD (COLUMN|INDEX|PROJECTION)\b(?! IF NOT EXISTS)/.test(text);
      const drops = /\bDROP (COLUMN|INDEX|PROJECTION)\b(?! IF EXISTS)/.test(text);
      return adds || drops;
    }
    // INSERT, RENAME, EXCHANGE and friends are not idempotent; express data changes otherwise.
    return !/^(SYSTEM|OPTIMIZE)\b/.test(text);
  });
}

/** Reads, orders and checks the migration files of `dir`. Throws on a malformed folder. */
export function loadMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  const migrations: Migration[] = [];
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith('.sql')) continue;
    const match = FILE_NAME.exec(file);
    if (!match) throw new Error(`migration file "${file}" is not named NNN-name.sql`);
    const text = readFileSync(join(dir, file), 'utf8');
    const statements = splitStatements(text);
    const unsafe = nonIdempotentStatements(statements);
    if (unsafe.length > 0) throw new Error(`migration ${file} has statements that are not idempotent: ${unsafe[0].slice(0, 80)}`);
    migrations.push({
      version: Number(match[1]),
      name: match[2],
      checksum: createHash('sha256').update(text).digest('hex'),
      statements,
    });
  }
  for (let i = 1; i < migrations.length; i++) {
    if (migrations[i].version === migrations[i - 1].version) throw new Error(`two migrations have number ${migrations[i].version}`);
  }
  return migrations;
}
