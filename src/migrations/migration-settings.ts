import { quoteIdentifier, sqlLiteral } from './sql-literal.js';

/** The session settings every migration runs with. */
export interface MigrationSettings {
  schema: string;
  lockTimeoutMs: number;
  /** 0: no statement timeout. */
  statementTimeoutMs: number;
}

/**
 * migrationSettingsSql sets lock_timeout, statement_timeout and search_path: `SET LOCAL` inside a
 * migration's transaction, plain `SET` for a no-transaction migration (reset afterwards).
 * Unqualified names in a migration then resolve to the service's own schema.
 */
export function migrationSettingsSql(settings: MigrationSettings, scope: 'local' | 'session'): string {
  const set = scope === 'local' ? 'SET LOCAL' : 'SET';
  return [
    `${set} lock_timeout = ${sqlLiteral(`${settings.lockTimeoutMs}ms`)};`,
    `${set} statement_timeout = ${sqlLiteral(`${settings.statementTimeoutMs}ms`)};`,
    `${set} search_path = ${quoteIdentifier(settings.schema)};`,
  ].join('\n');
}

/** resetMigrationSettingsSql undoes the session-level settings of a no-transaction migration. */
export const RESET_MIGRATION_SETTINGS_SQL =
  'RESET lock_timeout;\nRESET statement_timeout;\nRESET search_path;';
