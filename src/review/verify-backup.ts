import type { DbSession } from '../db/db.js';
import { pgErrorDetails } from '../db/pg-error-details.js';
import { escapeIdentifier } from '../db/sql-quoting.js';
import { DbwardError } from '../errors/dbward-error.js';
import { ARCHIVE_SCHEMA } from './backup-table.js';
import { readLiveTableShape } from './live-table-shape.js';

export interface VerifyBackupOptions {
  /** The table about to be dropped (or lose columns). */
  schema: string;
  table: string;
  /** The directive's table: `archive.<name>`, or a bare name taken to be in `archive`. */
  backupTable: string;
  /** For a column backup: the columns the backup must hold. */
  columns?: readonly string[];
}

export interface BackupVerification {
  exists: boolean;
  /** Rows in the source now; 0 when the source does not exist (nothing to lose). */
  sourceRows: number;
  /** Rows in the backup; null when it does not exist. */
  backupRows: number | null;
  /** True only when the backup exists, holds every column asked for, and at least the source's rows. */
  ok: boolean;
  /** Why not ok, in a sentence for the finding; null when ok. */
  problem: string | null;
}

/**
 * verifyBackup checks the backup named by a `-- dbward:backup` directive against the live table:
 * counted rows, not estimates, because the point is to prove no row is lost by the DROP.
 */
export async function verifyBackup(db: DbSession, options: VerifyBackupOptions): Promise<BackupVerification> {
  const dot = options.backupTable.indexOf('.');
  const backupSchema = dot < 0 ? ARCHIVE_SCHEMA : options.backupTable.slice(0, dot);
  const backupName = dot < 0 ? options.backupTable : options.backupTable.slice(dot + 1);
  const shown = `${backupSchema}.${backupName}`;
  try {
    return await compare(db, options, backupSchema, backupName);
  } catch (error) {
    const details = pgErrorDetails(error);
    if (details === null) throw error;
    // E.g. no SELECT privilege on the archive: the check could not run, which is not a crash.
    throw new DbwardError(
      'backup-check-failed',
      `verify backup ${shown} of ${options.schema}.${options.table}: ${details.sqlState} ${details.message}`,
      { sqlState: details.sqlState, cause: error },
    );
  }
}

async function compare(
  db: DbSession,
  options: VerifyBackupOptions,
  backupSchema: string,
  backupName: string,
): Promise<BackupVerification> {
  const shown = `${backupSchema}.${backupName}`;
  const backup = await readLiveTableShape(db, backupSchema, backupName);
  const source = await readLiveTableShape(db, options.schema, options.table);
  const sourceRows = source === null ? 0 : await countRows(db, options.schema, options.table);
  if (backup === null) {
    return {
      exists: false,
      sourceRows,
      backupRows: null,
      ok: false,
      problem: `backup ${shown} does not exist`,
    };
  }
  const backupRows = await countRows(db, backupSchema, backupName);
  const missing = (options.columns ?? []).filter((c) => !backup.columns.some((b) => b.name === c));
  let problem: string | null = null;
  if (missing.length > 0) {
    problem = `backup ${shown} lacks column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`;
  } else if (backupRows < sourceRows) {
    problem = `backup ${shown} holds ${backupRows} rows but ${options.schema}.${options.table} has ${sourceRows}`;
  }
  return { exists: true, sourceRows, backupRows, ok: problem === null, problem };
}

async function countRows(db: DbSession, schema: string, table: string): Promise<number> {
  const result = await db.query<{ rows: string }>(
    `SELECT count(*)::text AS rows FROM ${escapeIdentifier(schema)}.${escapeIdentifier(table)}`,
  );
  return Number(result.rows[0]?.rows ?? 0);
}
