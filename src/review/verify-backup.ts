import type { DbSession } from '../db/db.js';
import { pgErrorDetails } from '../db/pg-error-details.js';
import { escapeIdentifier } from '../db/sql-quoting.js';
import { DbwardError } from '../errors/dbward-error.js';
import {
  ARCHIVE_SCHEMA,
  BACKUP_COMMENT_PREFIX,
  rowSecurityRefusal,
  withRowSecurityOff,
} from './backup-table.js';
import { readLiveTableShape } from './live-table-shape.js';

export interface VerifyBackupOptions {
  /** The table about to be dropped (or lose columns). */
  schema: string;
  table: string;
  /**
   * The directive's table as written: `archive.<name>`, or a bare name taken to be in `archive`.
   * Unquoted parts fold to lower case as Postgres folds identifiers; `"Quoted"` parts are kept.
   */
  backupTable: string;
  /**
   * For a column backup (DROP COLUMN): the columns about to be dropped; the backup must hold them
   * and the source's primary key (to match its rows back). Omitted: a backup of the whole table
   * (DROP TABLE), which must hold every column of the source.
   */
  columns?: readonly string[];
}

export interface BackupVerification {
  exists: boolean;
  /** Rows in the source now; 0 when the source does not exist (nothing to lose). */
  sourceRows: number;
  /** Rows in the backup; null when it does not exist (or is not a table that may be one). */
  backupRows: number | null;
  /**
   * True only when the backup is a table of the `archive` schema other than the source, records
   * (in its `dbward backup` comment) that it is a copy of the source, holds every column asked
   * for, and at least the source's rows.
   */
  ok: boolean;
  /** Why not ok, in a sentence for the finding; null when ok. */
  problem: string | null;
}

/** The directive's table once its name is read as Postgres reads it. */
export interface BackupTarget {
  schema: string;
  name: string;
  /** `schema.name` for messages. */
  shown: string;
}

/**
 * parseBackupTarget reads `[schema.]name` as Postgres reads an identifier chain: unquoted parts
 * fold to lower case (ASCII letters only, as in a UTF-8 database), `"quoted"` parts are kept as
 * written (with `""` for a quote). A bare name is in `archive`. Null when it is no such name.
 */
export function parseBackupTarget(text: string): BackupTarget | null {
  const parts: string[] = [];
  const part = /"((?:[^"]|"")+)"|([^."\s]+)/y;
  let at = 0;
  const input = text.trim();
  while (at < input.length) {
    part.lastIndex = at;
    const match = part.exec(input);
    if (match === null) return null;
    parts.push(
      match[1] !== undefined
        ? match[1].replaceAll('""', '"')
        : (match[2] ?? '').replace(/[A-Z]+/g, (s) => s.toLowerCase()),
    );
    at = part.lastIndex;
    if (at === input.length) break;
    if (input[at] !== '.') return null;
    at += 1;
    if (at === input.length) return null;
  }
  if (parts.length === 1) parts.unshift(ARCHIVE_SCHEMA);
  if (parts.length !== 2) return null;
  const [schema = '', name = ''] = parts;
  return { schema, name, shown: `${schema}.${name}` };
}

/**
 * backupTargetProblem says why the directive's table cannot back up `schema.table` whatever the
 * target database holds: not a table name, not in `archive`, or the source table itself. Null
 * when only the database can tell. Also used when no target database is reachable.
 */
export function backupTargetProblem(
  options: Pick<VerifyBackupOptions, 'schema' | 'table' | 'backupTable'>,
): string | null {
  const target = parseBackupTarget(options.backupTable);
  if (target === null) return `backup ${options.backupTable} is not a table name`;
  if (target.schema === options.schema && target.name === options.table)
    return `backup ${target.shown} is ${options.schema}.${options.table} itself, the table that loses the data`;
  if (target.schema !== ARCHIVE_SCHEMA)
    return `backup ${target.shown} is not in the ${ARCHIVE_SCHEMA} schema (only ${ARCHIVE_SCHEMA}.<name>, as \`dbward backup\` makes, counts as a backup)`;
  return null;
}

/**
 * verifyBackup checks the backup named by a `-- dbward:backup` directive against the live table:
 * counted rows, not estimates, because the point is to prove no row is lost by the DROP. It counts
 * with row-level security off (in a transaction: pass a Db, or a session in a transaction), so a
 * role that policies apply to gets an error instead of a count of the rows it may see.
 */
export async function verifyBackup(db: DbSession, options: VerifyBackupOptions): Promise<BackupVerification> {
  const target = parseBackupTarget(options.backupTable);
  const refused = backupTargetProblem(options);
  if (target === null || refused !== null) {
    const problem = refused ?? `backup ${options.backupTable} is not a table name`;
    return { exists: false, sourceRows: 0, backupRows: null, ok: false, problem };
  }
  try {
    return await withRowSecurityOff(db, (tx) => compare(tx, options, target));
  } catch (error) {
    const details = pgErrorDetails(error);
    if (details === null) throw error;
    // E.g. no SELECT privilege on the archive: the check could not run, which is not a crash.
    throw new DbwardError(
      'backup-check-failed',
      `${verifyAction(options, target)}: ${details.sqlState} ${details.message}`,
      { sqlState: details.sqlState, cause: error },
    );
  }
}

function verifyAction(options: VerifyBackupOptions, target: BackupTarget): string {
  return `verify backup ${target.shown} of ${options.schema}.${options.table}`;
}

async function compare(
  db: DbSession,
  options: VerifyBackupOptions,
  target: BackupTarget,
): Promise<BackupVerification> {
  const { shown } = target;
  const sourceName = `${options.schema}.${options.table}`;
  const action = verifyAction(options, target);
  const backup = await readLiveTableShape(db, target.schema, target.name);
  const source = await readLiveTableShape(db, options.schema, options.table);
  const sourceRows = source === null ? 0 : await countRows(db, options.schema, options.table, action);
  if (backup === null) {
    return {
      exists: false,
      sourceRows,
      backupRows: null,
      ok: false,
      problem: `backup ${shown} does not exist`,
    };
  }
  const backupRows = await countRows(db, target.schema, target.name, action);
  const problems: string[] = [];

  const recorded = await recordedSource(db, target);
  if (recorded === null) {
    const record = JSON.stringify({ source: sourceName });
    problems.push(
      `backup ${shown} does not record its source (no "${BACKUP_COMMENT_PREFIX}" comment), so it cannot be confirmed to be a copy of ${sourceName}: make it with \`dbward backup\`, or record it with COMMENT ON TABLE ${shown} IS '${BACKUP_COMMENT_PREFIX}${record}'`,
    );
  } else if (recorded.schema !== options.schema || recorded.table !== options.table) {
    problems.push(`backup ${shown} is a copy of ${recorded.shown}, not of ${sourceName}`);
  }

  const needed = requiredColumns(options, source?.columns.map((c) => c.name) ?? [], source?.primaryKey ?? []);
  const missing = needed.columns.filter((c) => !backup.columns.some((b) => b.name === c));
  if (missing.length > 0) {
    problems.push(
      `backup ${shown} lacks column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (${needed.why})`,
    );
  }
  if (backupRows < sourceRows) {
    problems.push(`backup ${shown} holds ${backupRows} rows but ${sourceName} has ${sourceRows}`);
  }
  const problem = problems.length === 0 ? null : problems.join('; ');
  return { exists: true, sourceRows, backupRows, ok: problem === null, problem };
}

/** The columns the backup must hold, and why, for the message. */
function requiredColumns(
  options: VerifyBackupOptions,
  sourceColumns: string[],
  primaryKey: string[],
): { columns: string[]; why: string } {
  const source = `${options.schema}.${options.table}`;
  if (options.columns === undefined)
    return { columns: sourceColumns, why: `a backup of a dropped table holds every column of ${source}` };
  const dropped = [...options.columns];
  if (primaryKey.length === 0)
    return {
      columns: dropped,
      why: `a column backup holds the dropped column${dropped.length > 1 ? 's' : ''}`,
    };
  return {
    columns: [...new Set([...primaryKey, ...dropped])],
    why: `a column backup holds the dropped column${dropped.length > 1 ? 's' : ''} and the primary key of ${source} (${primaryKey.join(', ')}) to match the rows back`,
  };
}

interface RecordedSource {
  schema: string;
  table: string;
  shown: string;
}

/**
 * recordedSource reads the table the backup says it copies, from the comment `dbward backup`
 * writes (`dbward backup {"schema":"auth","table":"sessions","source":"auth.sessions",...}`;
 * a comment written by hand may give only `source`). Null when there is no such comment.
 */
async function recordedSource(db: DbSession, target: BackupTarget): Promise<RecordedSource | null> {
  const result = await db.query<{ comment: string | null }>(
    `SELECT d.description AS comment
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_description d ON d.objoid = c.oid AND d.classoid = 'pg_class'::regclass AND d.objsubid = 0
      WHERE n.nspname = $1 AND c.relname = $2`,
    [target.schema, target.name],
  );
  const comment = result.rows[0]?.comment ?? null;
  if (comment === null || !comment.startsWith(BACKUP_COMMENT_PREFIX)) return null;
  let record: unknown;
  try {
    record = JSON.parse(comment.slice(BACKUP_COMMENT_PREFIX.length));
  } catch {
    return null;
  }
  if (typeof record !== 'object' || record === null) return null;
  const { schema, table, source } = record as Record<string, unknown>;
  if (typeof schema === 'string' && typeof table === 'string')
    return { schema, table, shown: `${schema}.${table}` };
  if (typeof source !== 'string') return null;
  const dot = source.indexOf('.');
  if (dot < 0) return null;
  return { schema: source.slice(0, dot), table: source.slice(dot + 1), shown: source };
}

async function countRows(db: DbSession, schema: string, table: string, action: string): Promise<number> {
  const result = await db
    .query<{ rows: string }>(
      `SELECT count(*)::text AS rows FROM ${escapeIdentifier(schema)}.${escapeIdentifier(table)}`,
    )
    .catch((error: unknown) => {
      throw rowSecurityRefusal(action, `${schema}.${table}`, 'count', error) ?? error;
    });
  return Number(result.rows[0]?.rows ?? 0);
}
