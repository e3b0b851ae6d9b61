import type { DbSession } from '../db/db.js';
import type { AppliedKind, AppliedMigration } from './applied-migration.js';
import { quoteIdentifier, sqlLiteral } from './sql-literal.js';

/** The history table's name inside each service's schema. */
export const HISTORY_TABLE = 'dbward_migrations';

/** historyTableName is the quoted, schema-qualified name of a service's history table. */
export function historyTableName(schema: string): string {
  return `${quoteIdentifier(schema)}.${quoteIdentifier(HISTORY_TABLE)}`;
}

/**
 * createHistoryTableSql creates the service's schema and its history table when missing. It runs
 * under the service's migration lock, so two processes never race on the IF NOT EXISTS.
 */
export function createHistoryTableSql(schema: string): string {
  return `CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)};
CREATE TABLE IF NOT EXISTS ${historyTableName(schema)} (
  id bigint PRIMARY KEY,
  name text NOT NULL,
  file text NOT NULL,
  checksum text NOT NULL,
  down_sql text,
  no_transaction boolean NOT NULL DEFAULT false,
  kind text NOT NULL DEFAULT 'applied' CHECK (kind IN ('applied', 'baseline')),
  applied_at timestamptz NOT NULL DEFAULT now(),
  duration_ms integer NOT NULL DEFAULT 0,
  applied_by text NOT NULL DEFAULT current_user,
  forced_reason text
);
`;
}

/** What a new history row holds; the database fills in applied_at. */
export interface HistoryRowValues {
  id: number;
  name: string;
  file: string;
  checksum: string;
  downSql: string | null;
  noTransaction: boolean;
  kind: AppliedKind;
  /** A number of milliseconds, or null for "time since the transaction began" (measured by the server). */
  durationMs: number | null;
  /** The OS side of applied_by (`ci@runner-1`); the database user is prepended by the server. */
  appliedVia: string;
  forcedReason: string | null;
}

/**
 * historyInsertSql is the INSERT of one history row with every value as a quoted literal, so it
 * can travel in the same simple-protocol batch as the migration and be printed by `--sql`.
 */
export function historyInsertSql(schema: string, row: HistoryRowValues): string {
  // Measured by the server from the start mark: now() is the same for every transaction of a
  // multi-migration message (it is when the server received the message), so neither the
  // duration nor applied_at of the later migrations of a chunk could use it.
  const duration =
    row.durationMs === null
      ? `(extract(epoch FROM clock_timestamp() - ${MARKED_START}) * 1000)::integer`
      : sqlLiteral(Math.round(row.durationMs));
  const appliedAt = row.durationMs === null ? MARKED_START : 'now()';
  const values = [
    sqlLiteral(row.id),
    sqlLiteral(row.name),
    sqlLiteral(row.file),
    sqlLiteral(row.checksum),
    sqlLiteral(row.downSql),
    sqlLiteral(row.noTransaction),
    sqlLiteral(row.kind),
    appliedAt,
    duration,
    `current_user || ' via ' || ${sqlLiteral(row.appliedVia)}`,
    sqlLiteral(row.forcedReason),
  ];
  return `INSERT INTO ${historyTableName(schema)} (id, name, file, checksum, down_sql, no_transaction, kind, applied_at, duration_ms, applied_by, forced_reason) VALUES (${values.join(', ')})`;
}

const START_MARK_SETTING = 'dbward.migration_started_at';

/**
 * START_MARK_SQL records when a migration's transaction really began (`clock_timestamp()`), for a
 * history row written with a server-measured duration; a DO block, so it returns no rows (the
 * `--sql` script stays quiet in psql). Without the mark, the row falls back to now().
 */
export const START_MARK_SQL = `DO $$BEGIN PERFORM set_config('${START_MARK_SETTING}', clock_timestamp()::text, true); END$$;`;

// Empty after a transaction that set it ended (a placeholder setting keeps ''), hence nullif.
const MARKED_START = `coalesce(nullif(current_setting('${START_MARK_SETTING}', true), '')::timestamptz, now())`;

/** readsStartMark: the history SQL takes its applied_at and duration from START_MARK_SQL's mark. */
export function readsStartMark(historySql: string): boolean {
  return historySql.includes(START_MARK_SETTING);
}

/** historyDeleteSql removes one migration's row, in the same transaction as its down SQL. */
export function historyDeleteSql(schema: string, id: number): string {
  return `DELETE FROM ${historyTableName(schema)} WHERE id = ${sqlLiteral(id)}`;
}

interface HistoryRow {
  id: string;
  name: string;
  file: string;
  checksum: string;
  down_sql: string | null;
  no_transaction: boolean;
  kind: AppliedKind;
  applied_at: Date | string;
  duration_ms: number;
  applied_by: string;
  forced_reason: string | null;
}

/** historyTableExists tells whether the service's history table has been created yet. */
export async function historyTableExists(session: DbSession, schema: string): Promise<boolean> {
  const result = await session.query<{ present: boolean }>('SELECT to_regclass($1) IS NOT NULL AS present', [
    historyTableName(schema),
  ]);
  return result.rows[0]?.present === true;
}

/**
 * readAppliedMigrations returns the service's history, oldest id first; an empty list when the
 * table does not exist yet (nothing was ever applied), without creating it.
 */
export async function readAppliedMigrations(session: DbSession, schema: string): Promise<AppliedMigration[]> {
  if (!(await historyTableExists(session, schema))) return [];
  const result = await session.query<HistoryRow>(
    `SELECT id::text AS id, name, file, checksum, down_sql, no_transaction, kind, applied_at, duration_ms, applied_by, forced_reason FROM ${historyTableName(schema)} ORDER BY id`,
  );
  return result.rows.map((row) => ({
    id: Number(row.id),
    name: row.name,
    file: row.file,
    checksum: row.checksum,
    downSql: row.down_sql,
    noTransaction: row.no_transaction,
    kind: row.kind,
    appliedAt: row.applied_at instanceof Date ? row.applied_at : new Date(row.applied_at),
    durationMs: row.duration_ms,
    appliedBy: row.applied_by,
    forcedReason: row.forced_reason,
  }));
}
