/** dbward's public API: the library is the product; the CLI and MCP server are fronts on it. */
export * from './config/index.js';
export * from './db/index.js';
export * from './errors/index.js';
export * from './migrations/index.js';
export { type BackupTableOptions, type BackupTableResult, backupTable } from './review/backup-table.js';
export {
  type CountNarrowingOptions,
  countNarrowingFailures,
  type NarrowingCount,
  type NarrowingExample,
} from './review/count-narrowing-failures.js';
export * from './review/index.js';
export type { DataCheck, MigrationContext, ServiceRef, StatementContext } from './review/rule.js';
export { RULES } from './review/rules/index.js';
export { type RawViolation, runRules } from './review/run-rules.js';
export { statementContexts } from './review/statement-contexts.js';
export { type BackupVerification, type VerifyBackupOptions, verifyBackup } from './review/verify-backup.js';
