import { createHash } from 'node:crypto';
import { userInfo } from 'node:os';
import type { ResolvedConfig } from '../config/resolved-config.js';
import type { Db, DbSession } from '../db/db.js';
import { pgErrorDetails } from '../db/pg-error-details.js';
import { escapeIdentifier, escapeLiteral } from '../db/sql-quoting.js';
import { DbwardError } from '../errors/dbward-error.js';
import { readLiveTableShape } from './live-table-shape.js';

/** The schema every backup goes to; `drop-table`/`drop-column` look there for the directive's table. */
export const ARCHIVE_SCHEMA = 'archive';

/**
 * How the comment `dbward backup` writes on the archive table starts; a JSON record follows
 * (`schema`, `table`, `source`, `columns`, `rows`, `at`, `by`). The review reads `schema` and
 * `table` (or `source`) to confirm that a backup directive names a copy of the dropped table.
 */
export const BACKUP_COMMENT_PREFIX = 'dbward backup ';

// Postgres truncates longer identifiers silently, which would make two backups collide.
const MAX_IDENTIFIER_BYTES = 63;

export interface BackupTableOptions {
  service: string;
  table: string;
  /** Back up only these columns (plus the primary key); all columns when omitted. */
  columns?: readonly string[];
  /** The clock, for the date in the name and the comment; default now. */
  now?: Date;
}

export interface BackupTableResult {
  /** `archive.<service>__<table>__<yyyymmdd>[_n]`. */
  archiveTable: string;
  /** The table backed up, schema-qualified. */
  source: string;
  /** Columns copied, in the order they are in the archive table. */
  columns: string[];
  rows: number;
  /** The line to paste before the DROP: `-- dbward:backup archive.<name>`. */
  directive: string;
}

/**
 * backupTable copies a service's table (or some columns with the primary key) into
 * `archive.<service>__<table>__<yyyymmdd>` in one transaction, and records on the copy where it
 * came from, what it holds, when and by whom. A second backup on the same day gets `_2`, `_3`...
 */
export async function backupTable(
  config: ResolvedConfig,
  db: Db,
  options: BackupTableOptions,
): Promise<BackupTableResult> {
  const service = config.services.find((s) => s.name === options.service);
  const action = `backup ${service?.schema ?? options.service}.${options.table}`;
  if (service === undefined) {
    throw new DbwardError(
      'unknown-service',
      `${action}: no service "${options.service}" in the config (services: ${config.services.map((s) => s.name).join(', ')})`,
      { exitCode: 2 },
    );
  }
  const now = options.now ?? new Date();
  const baseName = archiveBaseName(service.name, options.table, now);
  try {
    // The lock keeps two backups started at once from picking the same free name.
    return await db.withAdvisoryLock('dbward:backup', () =>
      db.transaction((tx) => copyIntoArchive(tx, action, service.schema, baseName, options, now)),
    );
  } catch (error) {
    throw asBackupError(action, error);
  }
}

/**
 * archiveBaseName is `<service>__<table>__<yyyymmdd>` folded to lower case letters, digits and
 * underscores, so the `-- dbward:backup archive.<name>` directive can name it without quotes
 * whatever the table is called (`"user-sessions"` -> `auth__user_sessions__20261122`).
 */
/**
 * archiveBaseName is `<service>__<table>__<yyyymmdd>` in lower-case ASCII. When that would not
 * fit an identifier (with room for a `_NN` suffix), the service and table part is cut and a hash
 * of the full names keeps two long tables apart: `<start>_<hash8>__<yyyymmdd>`. The copy's
 * comment still names its source, which is what the review checks.
 */
export function archiveBaseName(serviceName: string, table: string, now: Date): string {
  const day = now.toISOString().slice(0, 10).replaceAll('-', '');
  const name = `${serviceName}__${table}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  const limit = MAX_IDENTIFIER_BYTES - '_NN'.length;
  if (name.length + `__${day}`.length <= limit) return `${name}__${day}`;
  const hash = createHash('sha256').update(`${serviceName}\u0000${table}`).digest('hex').slice(0, 8);
  const tail = `_${hash}__${day}`;
  return `${name.slice(0, limit - tail.length).replace(/_+$/, '')}${tail}`;
}

async function copyIntoArchive(
  tx: DbSession,
  action: string,
  schema: string,
  baseName: string,
  options: BackupTableOptions,
  now: Date,
): Promise<BackupTableResult> {
  const source = `${schema}.${options.table}`;
  await turnRowSecurityOff(tx);
  const shape = await readLiveTableShape(tx, schema, options.table);
  if (shape === null) {
    throw new DbwardError('table-not-found', `${action}: table ${source} does not exist`);
  }
  const columns = columnsToCopy(
    action,
    shape.columns.map((c) => c.name),
    shape.primaryKey,
    options.columns,
  );
  // Only when missing: even with IF NOT EXISTS, CREATE SCHEMA needs CREATE on the database,
  // which a role allowed to create tables in an existing archive schema may not have.
  const archiveExists = await tx.query(`SELECT 1 FROM pg_namespace WHERE nspname = $1`, [ARCHIVE_SCHEMA]);
  if (archiveExists.rows.length === 0)
    await tx.exec(`CREATE SCHEMA IF NOT EXISTS ${escapeIdentifier(ARCHIVE_SCHEMA)}`);
  const name = await freeArchiveName(tx, baseName);
  const archive = `${escapeIdentifier(ARCHIVE_SCHEMA)}.${escapeIdentifier(name)}`;
  const columnList = options.columns === undefined ? '*' : columns.map((c) => escapeIdentifier(c)).join(', ');
  await tx
    .exec(
      `CREATE TABLE ${archive} AS SELECT ${columnList} FROM ${escapeIdentifier(schema)}.${escapeIdentifier(options.table)}`,
    )
    .catch((error: unknown) => {
      throw rowSecurityRefusal(action, source, 'copy', error) ?? error;
    });
  const counted = await tx.query<{ rows: string; role: string }>(
    `SELECT count(*)::text AS rows, current_user::text AS role FROM ${archive}`,
  );
  const rows = Number(counted.rows[0]?.rows ?? 0);
  const record = {
    schema,
    table: options.table,
    source,
    columns,
    rows,
    at: now.toISOString(),
    by: `${osUserName()} (database role ${counted.rows[0]?.role ?? 'unknown'})`,
  };
  // COMMENT takes no parameters: the text goes in as a quoted literal.
  await tx.exec(
    `COMMENT ON TABLE ${archive} IS ${escapeLiteral(`${BACKUP_COMMENT_PREFIX}${JSON.stringify(record)}`)}`,
  );
  const archiveTable = `${ARCHIVE_SCHEMA}.${name}`;
  return { archiveTable, source, columns, rows, directive: `-- dbward:backup ${archiveTable}` };
}

/** The primary key first (so the copy can be joined back), then the requested columns. */
function columnsToCopy(
  action: string,
  existing: string[],
  primaryKey: string[],
  requested: readonly string[] | undefined,
): string[] {
  if (requested === undefined) return existing;
  if (requested.length === 0)
    throw new DbwardError('unknown-column', `${action}: no columns named to back up`);
  const unknown = requested.filter((c) => !existing.includes(c));
  if (unknown.length > 0) {
    throw new DbwardError(
      'unknown-column',
      `${action}: no column ${unknown.map((c) => `"${c}"`).join(', ')} (columns: ${existing.join(', ')})`,
    );
  }
  return [...new Set([...primaryKey, ...requested])];
}

async function freeArchiveName(tx: DbSession, baseName: string): Promise<string> {
  const taken = await tx.query<{ relname: string }>(
    `SELECT c.relname::text AS relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND (c.relname = $2 OR starts_with(c.relname::text, $2 || '_'))`,
    [ARCHIVE_SCHEMA, baseName],
  );
  const names = new Set(taken.rows.map((r) => r.relname));
  if (!names.has(baseName)) return baseName;
  for (let n = 2; ; n++) if (!names.has(`${baseName}_${n}`)) return `${baseName}_${n}`;
}

/**
 * withRowSecurityOff runs `fn` in a transaction with `row_security = off` (a Db starts the
 * transaction; a session is taken to be in one already, and it is checked). Row-level security
 * would otherwise hide the rows its policies filter out, without an error: a backup would copy
 * fewer rows, and a count would vouch for fewer. With it off, a role that policies apply to gets
 * SQLSTATE 42501 instead (see rowSecurityRefusal); owners (without FORCE), superusers and
 * BYPASSRLS roles read every row as before.
 */
export async function withRowSecurityOff<T>(db: DbSession, fn: (tx: DbSession) => Promise<T>): Promise<T> {
  if (!isDb(db)) {
    await turnRowSecurityOff(db);
    return fn(db);
  }
  return db.transaction(async (tx) => {
    await turnRowSecurityOff(tx);
    return fn(tx);
  });
}

function isDb(session: DbSession): session is Db {
  return typeof (session as Partial<Db>).transaction === 'function';
}

async function turnRowSecurityOff(tx: DbSession): Promise<void> {
  await tx.exec('SET LOCAL row_security = off');
  // Outside a transaction SET LOCAL only warns and changes nothing: make sure it took.
  const shown = await tx.query<{ setting: string }>(`SELECT current_setting('row_security') AS setting`);
  if (shown.rows[0]?.setting !== 'off') {
    throw new DbwardError(
      'row-security-not-off',
      'row_security could not be turned off: the session is not in a transaction',
    );
  }
}

/**
 * rowSecurityRefusal turns the server's refusal to read a table past its row-level security
 * policies (42501, raised because row_security is off) into an error that says which table, why
 * and what to do; null for any other error.
 */
export function rowSecurityRefusal(
  action: string,
  table: string,
  purpose: 'copy' | 'count',
  error: unknown,
): DbwardError | null {
  const details = pgErrorDetails(error);
  if (details === null || details.sqlState !== '42501') return null;
  // `routine` names the server function that raised it, whatever language the messages are in.
  const routine = (error as { routine?: unknown }).routine;
  if (routine !== 'check_enable_rls' && !/row.level security/i.test(details.message)) return null;
  const what = purpose === 'copy' ? 'the copy would miss' : 'the count would leave out';
  return new DbwardError(
    'row-security',
    `${action}: ${table} has row-level security policies that apply to this database role, so ${what} every row they hide (${details.sqlState} ${details.message}); run it as a role that reads every row: the table's owner (with no FORCE ROW LEVEL SECURITY on it), a superuser, or a role with BYPASSRLS`,
    { sqlState: details.sqlState, cause: error },
  );
}

function osUserName(): string {
  try {
    return userInfo().username;
  } catch {
    // No passwd entry (some containers): the database role still says who.
    return 'unknown user';
  }
}

function asBackupError(action: string, error: unknown): unknown {
  if (error instanceof DbwardError) return error;
  const details = pgErrorDetails(error);
  if (details === null) return error;
  return new DbwardError('backup-failed', `${action}: ${details.sqlState} ${details.message}`, {
    sqlState: details.sqlState,
    cause: error,
  });
}
