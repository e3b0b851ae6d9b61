import pg from 'pg';
import { afterAll } from 'vitest';
import { introspectCatalog } from '../../src/catalog/introspect-catalog.js';
import type { Db } from '../../src/db/db.js';
import { openPgliteDb } from '../../src/db/pglite-db.js';
import type { MigrationFile } from '../../src/migrations/migration-file-types.js';
import { parseMigrationText } from '../../src/migrations/parse-migration-file.js';
import { loadSqlParser } from '../../src/migrations/sql-parser.js';
import type { MigrationContext, Rule } from '../../src/review/rule.js';
import { RULES } from '../../src/review/rules/index.js';
import { type RawViolation, runRules } from '../../src/review/run-rules.js';

export interface CheckSqlOptions {
  /** SQL run before the migration; unqualified names land in the service's schema. */
  before?: string;
  /** A migration file's text; plain SQL without `-- migrate:up` is wrapped into an up section. */
  migration: string;
  /** The service (and schema) the migration belongs to; default `app`. */
  service?: string;
  /** Other configured services; their schemas are created (empty) before `before` runs. */
  otherServices?: string[];
  largeTableRows?: number;
  /** Live row estimates by `schema.table` (what the target database would report). */
  rowEstimates?: Record<string, number>;
  /** The migration's file name; a `.ts` name makes it a TypeScript migration. Default `0002_change.sql`. */
  fileName?: string;
  /** Only this rule's violations (a rule or its id); default every rule in the registry. */
  rule?: Rule | string;
}

export interface CheckSqlResult {
  violations: RawViolation[];
  file: MigrationFile;
  context: MigrationContext;
}

// One in-memory PGlite per test file (vitest loads this module once per file): starting one
// costs far more than dropping and recreating a few schemas between cases.
let dbPromise: Promise<Db> | null = null;
afterAll(async () => {
  if (dbPromise !== null) await (await dbPromise).close();
  dbPromise = null;
});

const SYSTEM_SCHEMAS = "nspname NOT LIKE 'pg\\_%' AND nspname NOT IN ('information_schema', 'public')";

async function freshDb(schemas: string[]): Promise<Db> {
  dbPromise ??= openPgliteDb();
  const db = await dbPromise;
  const existing = await db.query<{ nspname: string }>(
    `SELECT nspname FROM pg_namespace WHERE ${SYSTEM_SCHEMAS}`,
  );
  const drops = existing.rows.map((row) => `DROP SCHEMA ${pg.escapeIdentifier(row.nspname)} CASCADE;`);
  const creates = schemas.map((schema) => `CREATE SCHEMA ${pg.escapeIdentifier(schema)};`);
  await db.exec([...drops, ...creates].join('\n'));
  return db;
}

/** wrapMigration turns plain SQL into a migration with only an up section. */
function wrapMigration(text: string): string {
  return /^\s*--\s*migrate:up\b/m.test(text) ? text : `-- migrate:up\n${text}\n`;
}

/**
 * checkSqlFull applies `before` on a real (in-memory) Postgres, introspects it as the catalog
 * before the migration, parses the migration and runs the rules on it.
 */
export async function checkSqlFull(options: CheckSqlOptions): Promise<CheckSqlResult> {
  const service = options.service ?? 'app';
  const others = options.otherServices ?? [];
  const db = await freshDb([service, ...others]);
  if (options.before !== undefined && options.before.trim() !== '') {
    await db.exec(`SET search_path TO ${pg.escapeIdentifier(service)};\n${options.before}`);
    await db.exec('RESET search_path');
  }
  const present = await db.query<{ nspname: string }>(
    `SELECT nspname FROM pg_namespace WHERE ${SYSTEM_SCHEMAS}`,
  );
  const before = await introspectCatalog(db, { schemas: present.rows.map((row) => row.nspname) });

  await loadSqlParser();
  const fileName = options.fileName ?? '0002_change.sql';
  const path = `migrations/${service}/${fileName}`;
  const text = fileName.endsWith('.ts') ? options.migration : wrapMigration(options.migration);
  const file = parseMigrationText(text, {
    path,
    absolutePath: `/project/${path}`,
    fileName,
  });
  const estimates = options.rowEstimates ?? {};
  const context: MigrationContext = {
    file,
    service: { name: service, schema: service },
    services: [service, ...others].map((name) => ({ name, schema: name })),
    before,
    largeTableRows: options.largeTableRows ?? 1_000_000,
    liveRowEstimate: (schema, table) => estimates[`${schema}.${table}`] ?? null,
  };
  const rule = options.rule;
  const rules = selectRules(rule);
  return { violations: runRules(rules, file, context), file, context };
}

/** selectRules picks one rule by id from the registry, or takes a rule object (e.g. a test probe). */
function selectRules(rule: Rule | string | undefined): readonly Rule[] {
  if (rule === undefined) return RULES;
  if (typeof rule === 'object') return [rule];
  const found = RULES.filter((r) => r.id === rule);
  if (found.length === 0) throw new Error(`checkSql: no rule "${rule}" in the registry`);
  return found;
}

/** checkSql is checkSqlFull's violations only: what most rule tests assert on. */
export async function checkSql(options: CheckSqlOptions): Promise<RawViolation[]> {
  return (await checkSqlFull(options)).violations;
}
