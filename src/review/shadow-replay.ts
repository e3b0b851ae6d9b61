import type { CatalogSchema } from '../catalog/catalog-model.js';
import { introspectCatalog } from '../catalog/introspect-catalog.js';
import type { Db } from '../db/db.js';
import { pgErrorDetails } from '../db/pg-error-details.js';
import { escapeIdentifier } from '../db/sql-quoting.js';
import type { MigrationStatement } from '../migrations/migration-file-types.js';
import { createPositionIndex } from '../migrations/text-positions.js';
import { codePointToCharOffset } from '../migrations/utf8-offsets.js';
import type { ServiceMigration } from './estate-migrations.js';
import type { ReviewProfile } from './review-profile.js';

/** A migration that failed on the shadow: the schema context after it lacks its changes. */
export interface ReplayFailure {
  migration: ServiceMigration;
  message: string;
  line: number;
  column: number;
  statement: MigrationStatement | null;
}

/**
 * The schema before a migration, read only as far as asked: `existing` names every configured
 * schema that exists at that point; `schemas` holds those read fresh, the others were changed by
 * earlier migrations and not introspected again because no rule has needed them yet.
 */
export interface PartialCatalog {
  serverVersion: string;
  existing: string[];
  schemas: CatalogSchema[];
}

/**
 * ShadowReplay builds the schema context: the estate's migrations applied in order on ONE shadow
 * database, introspected before each reviewed file. The shadow starts on first use, so a run that
 * finds everything in the cache never pays for it; a schema is introspected again only when it
 * changed and a rule wants it.
 */
export interface ShadowReplay {
  /**
   * catalogBefore applies every migration before `index` (in estate order) not yet applied, then
   * introspects the changed schemas among `wanted` (all of them for `'all'`).
   */
  catalogBefore(index: number, wanted: ReadonlySet<string> | 'all'): Promise<PartialCatalog>;
  /** Whether a shadow database was started (for profiling and cache tests). */
  readonly started: boolean;
  /** How many of the estate's migrations have been applied: catalogBefore cannot go back before it. */
  readonly applied: number;
  failures: ReplayFailure[];
  close(): Promise<void>;
}

export interface ShadowReplayOptions {
  shadowDatabaseUrl: string | null;
  estate: readonly ServiceMigration[];
  /** Schemas to introspect: every configured service's. */
  schemas: string[];
  profile: ReviewProfile;
}

function byName(a: { name: string }, b: { name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

export function createShadowReplay(options: ShadowReplayOptions): ShadowReplay {
  const { profile } = options;
  let db: Db | null = null;
  let applied = 0;
  let serverVersion = '';
  // Schemas as last introspected; those in `dirty` changed since and must be read again.
  const known = new Map<string, CatalogSchema>();
  const dirty = new Set<string>(options.schemas);
  let existing: string[] = [];
  let existingStale = true;
  const replay: ShadowReplay = {
    get started() {
      return db !== null;
    },
    get applied() {
      return applied;
    },
    failures: [],
    async catalogBefore(index, wanted) {
      // Loaded on first use: most reviews never start a shadow, and PGlite and pg take ~100 ms to load.
      db ??= await profile.time('shadow-start', async () => {
        const { createShadowDb } = await import('../db/shadow-db.js');
        return createShadowDb(options.shadowDatabaseUrl);
      });
      const shadow = db;
      if (index < applied) throw new Error(`shadow replay: asked for migration ${index} after ${applied}`);
      for (; applied < index; applied++) {
        const migration = options.estate[applied];
        if (migration === undefined) break;
        for (const schema of schemasTouched(migration, options.schemas)) dirty.add(schema);
        existingStale = true;
        const failure = await profile.time('replay', () => applyMigration(shadow, migration));
        if (failure !== null) replay.failures.push(failure);
      }
      await shadow.exec('RESET search_path');
      const refresh = options.schemas.filter(
        (schema) => (wanted === 'all' || wanted.has(schema)) && (dirty.has(schema) || !known.has(schema)),
      );
      if (refresh.length > 0 || serverVersion === '') {
        const fresh = await profile.time('introspect', () => introspectCatalog(shadow, { schemas: refresh }));
        profile.count('introspections');
        for (const _schema of refresh) profile.count('schemasIntrospected');
        serverVersion = fresh.serverVersion;
        for (const schema of refresh) {
          dirty.delete(schema);
          known.delete(schema);
        }
        for (const schema of fresh.schemas) known.set(schema.name, schema);
      }
      if (existingStale) {
        existing = await profile.time('introspect', () => existingSchemas(shadow, options.schemas));
        existingStale = false;
      }
      const schemas = existing.flatMap((name) => {
        const schema = known.get(name);
        return schema === undefined || dirty.has(name) ? [] : [schema];
      });
      return { serverVersion, existing, schemas: schemas.sort(byName) };
    },
    async close() {
      await db?.close();
    },
  };
  return replay;
}

/** existingSchemas names the schemas among `schemas` that exist, in the catalog's order. */
async function existingSchemas(db: Db, schemas: readonly string[]): Promise<string[]> {
  const result = await db.query<{ name: string }>(
    'SELECT nspname AS name FROM pg_namespace WHERE nspname = ANY($1::text[])',
    [schemas],
  );
  return result.rows.map((row) => row.name).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * schemasTouched is the schemas a migration may change: its service's own, any schema it names
 * in a qualified name (`audit.events`, `"audit".events`) or after SCHEMA (`CREATE SCHEMA audit`),
 * and all of them when it changes search_path. An over-approximation: a schema wrongly included
 * is only introspected again.
 */
function schemasTouched(migration: ServiceMigration, schemas: readonly string[]): string[] {
  const text = migration.file.text;
  if (/search_path/i.test(text)) return [...schemas];
  return schemas.filter(
    (schema) =>
      schema === migration.service.schema ||
      new RegExp(
        `(^|[^\\w$])"?${schema}"?\\s*\\.|schema\\s+(if\\s+(not\\s+)?exists\\s+)?"?${schema}"?`,
        'i',
      ).test(text),
  );
}

/**
 * applyMigration runs a migration's up section on the shadow as `up` would: search_path set to
 * the service's schema, in one transaction unless the file says no-transaction. A failure is
 * returned, not thrown: the review goes on with the context it has.
 */
async function applyMigration(db: Db, migration: ServiceMigration): Promise<ReplayFailure | null> {
  const { file, service } = migration;
  const section = file.up;
  if (section === null || section.statements.length === 0) return null;
  const schema = escapeIdentifier(service.schema);
  const prefix = `CREATE SCHEMA IF NOT EXISTS ${schema};\nSET search_path = ${schema};\n`;
  const positionOf = createPositionIndex(file.text);
  const fail = (error: unknown, statement: MigrationStatement | null, offset: number): ReplayFailure => {
    const details = pgErrorDetails(error);
    const reason = details
      ? `${details.sqlState}: ${details.message}`
      : error instanceof Error
        ? error.message
        : String(error);
    return { migration, message: reason, ...positionOf(offset), statement };
  };
  if (file.noTransaction) {
    await db.exec(prefix);
    for (const statement of section.statements) {
      try {
        await db.exec(statement.sql);
      } catch (error) {
        return fail(error, statement, statement.offset + errorOffset(error, statement.sql, 0));
      }
    }
    return null;
  }
  // One round trip per file: the section as written, between BEGIN and COMMIT.
  const head = `BEGIN;\n${prefix}`;
  try {
    await db.exec(`${head}${section.sql}\n;\nCOMMIT;`);
    return null;
  } catch (error) {
    await db.exec('ROLLBACK').catch(() => {});
    if (pgErrorDetails(error)?.position != null) {
      const offset = section.offset + errorOffset(error, section.sql, [...head].length);
      const statement =
        [...section.statements].reverse().find((candidate) => candidate.offset <= offset) ?? null;
      return fail(error, statement, offset);
    }
    // No position (ALTER TABLE of a missing table, a constraint violation): find the statement.
    return (await locateFailure(db, head, section.statements, fail)) ?? fail(error, null, section.offset);
  }
}

/**
 * locateFailure replays a section statement by statement in a transaction that is always rolled
 * back, and reports the first statement that fails; null when none does on replay.
 */
async function locateFailure(
  db: Db,
  head: string,
  statements: readonly MigrationStatement[],
  fail: (error: unknown, statement: MigrationStatement | null, offset: number) => ReplayFailure,
): Promise<ReplayFailure | null> {
  try {
    await db.exec(head);
    for (const statement of statements) {
      try {
        await db.exec(statement.sql);
      } catch (error) {
        return fail(error, statement, statement.offset + errorOffset(error, statement.sql, 0));
      }
    }
    return null;
  } finally {
    await db.exec('ROLLBACK').catch(() => {});
  }
}

/** errorOffset maps a server error position (code points, 1-based, of what was sent) into `text`. */
function errorOffset(error: unknown, text: string, sentBefore: number): number {
  const position = pgErrorDetails(error)?.position ?? null;
  if (position === null) return 0;
  const inText = position - 1 - sentBefore;
  if (inText < 0) return 0;
  return Math.min(codePointToCharOffset(text, inText), text.length);
}
