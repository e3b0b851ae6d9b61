import { quoteIdentifier, sqlLiteral } from './sql-literal.js';

/** The session settings every migration runs with. */
export interface MigrationSettings {
  schema: string;
  lockTimeoutMs: number;
  /** 0: no statement timeout. */
  statementTimeoutMs: number;
  /**
   * How often a server checks, during a long statement, that dbward is still connected; null to
   * leave it alone. A deploy killed mid-migration then has its transaction rolled back and its
   * lock released within this interval instead of when the statement ends.
   */
  clientCheckIntervalMs: number | null;
  /**
   * Commit migrations without waiting for the WAL flush (`synchronous_commit = off`), then flush
   * once with DURABILITY_BARRIER_SQL before the service's lock is released. A server crash in
   * between loses whole migrations (each with its history row), never half of one; a run that
   * reports success has everything on disk. Saves one disk flush per migration.
   */
  asyncCommit: boolean;
}

/**
 * migrationSettingsSql sets lock_timeout, statement_timeout and search_path: `SET LOCAL` inside a
 * migration's transaction, plain `SET` for a no-transaction migration (reset afterwards).
 * Unqualified names in a migration then resolve to the service's own schema.
 */
export function migrationSettingsSql(settings: MigrationSettings, scope: 'local' | 'session'): string {
  const set = scope === 'local' ? 'SET LOCAL' : 'SET';
  const clientCheck =
    settings.clientCheckIntervalMs === null
      ? []
      : [`${set} client_connection_check_interval = ${sqlLiteral(`${settings.clientCheckIntervalMs}ms`)};`];
  const asyncCommit =
    settings.asyncCommit && scope === 'local' ? ['SET LOCAL synchronous_commit = off;'] : [];
  return [
    ...asyncCommit,
    ...clientCheck,
    `${set} lock_timeout = ${sqlLiteral(`${settings.lockTimeoutMs}ms`)};`,
    `${set} statement_timeout = ${sqlLiteral(`${settings.statementTimeoutMs}ms`)};`,
    `${set} search_path = ${quoteIdentifier(settings.schema)};`,
  ].join('\n');
}

/** resetMigrationSettingsSql undoes the session-level settings of a no-transaction migration. */
export function resetMigrationSettingsSql(settings: MigrationSettings): string {
  const clientCheck =
    settings.clientCheckIntervalMs === null ? '' : 'RESET client_connection_check_interval;\n';
  return `${clientCheck}RESET lock_timeout;\nRESET statement_timeout;\nRESET search_path;`;
}

/**
 * DURABILITY_BARRIER_SQL commits, synchronously (even where the server or session default is
 * off), a transaction that writes one small WAL record (a logical decoding message, which leaves
 * nothing in any table): its flush covers every asynchronous commit before it. A transaction that
 * writes no WAL would be committed without a flush, whatever synchronous_commit says.
 */
export const DURABILITY_BARRIER_SQL =
  "DO $$BEGIN SET LOCAL synchronous_commit = on; PERFORM pg_logical_emit_message(true, 'dbward', 'durability barrier'); END$$;";
