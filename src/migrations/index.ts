export type { AppliedKind, AppliedMigration } from './applied-migration.js';
export type { AppliedStep, ApplyOptions, ApplyResult, ServiceApplyResult } from './apply-migrations.js';
export { applyMigrations } from './apply-migrations.js';
export type { IntegrityProblem, IntegrityProblemCode } from './check-migration-integrity.js';
export { checkMigrationIntegrity } from './check-migration-integrity.js';
export { discoverMigrations } from './discover-migrations.js';
export { HISTORY_TABLE, historyTableName, readAppliedMigrations } from './history-table.js';
export type { MigrationModule } from './load-migration-module.js';
export type { MigrationFailure } from './migration-failure.js';
export type {
  MigrationDirective,
  MigrationFile,
  MigrationFileProblem,
  MigrationSection,
  MigrationStatement,
} from './migration-file-types.js';
export type { MigrationProgress, ProgressListener } from './migration-progress.js';
export { parseMigrationText } from './parse-migration-file.js';
export type { MigrationPlan, PlanOptions, ServicePlan } from './plan-migrations.js';
export { planMigrations } from './plan-migrations.js';
export type { RollbackOptions, RollbackResult, RolledBackStep } from './rollback-migrations.js';
export { rollbackMigrations } from './rollback-migrations.js';
export { loadSqlParser } from './sql-parser.js';
