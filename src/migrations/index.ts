export type { AppliedKind, AppliedMigration } from './applied-migration.js';
export type { AppliedStep, ApplyOptions, ApplyResult, ServiceApplyResult } from './apply-migrations.js';
export { applyMigrations } from './apply-migrations.js';
export type { BaselineOptions, BaselineResult } from './baseline-migrations.js';
export { baselineMigrations } from './baseline-migrations.js';
export type { IntegrityProblem, IntegrityProblemCode } from './check-migration-integrity.js';
export { checkMigrationIntegrity } from './check-migration-integrity.js';
export type { CreatedMigration, CreateMigrationOptions } from './create-migration-file.js';
export { createMigrationFile, migrationSlug, nextMigrationId } from './create-migration-file.js';
export { discoverMigrations } from './discover-migrations.js';
export type { ForeignMigrationHistory } from './foreign-migration-history.js';
export { findForeignMigrationHistory } from './foreign-migration-history.js';
export { HISTORY_TABLE, historyTableName, readAppliedMigrations } from './history-table.js';
export type { InvalidIndex } from './invalid-indexes.js';
export { findInvalidIndexes } from './invalid-indexes.js';
export type { MigrationModule } from './load-migration-module.js';
export type { MigrationFailure } from './migration-failure.js';
export type {
  MigrationDirective,
  MigrationFile,
  MigrationFileProblem,
  MigrationSection,
  MigrationStatement,
} from './migration-file-types.js';
export type { ServiceHistory } from './migration-history.js';
export { migrationHistory } from './migration-history.js';
export type { MigrationProblem } from './migration-problem.js';
export type { MigrationProgress, ProgressListener } from './migration-progress.js';
export { describeMigrationProgress } from './migration-progress.js';
export type { MigrationRef } from './migration-ref.js';
export type { MigrationStatusResult, ServiceStatus, StatusOptions } from './migration-status.js';
export { migrationStatus } from './migration-status.js';
export { parseMigrationText } from './parse-migration-file.js';
export type { MigrationPlan, PlanOptions, ServicePlan } from './plan-migrations.js';
export { planMigrations } from './plan-migrations.js';
export type { RenderSqlOptions } from './render-migration-sql.js';
export { renderMigrationSql } from './render-migration-sql.js';
export type { RollbackOptions, RollbackResult, RolledBackStep } from './rollback-migrations.js';
export { rollbackMigrations } from './rollback-migrations.js';
export type { RollbackServicesOptions, RollbackServicesResult } from './rollback-services.js';
export { rollbackServices } from './rollback-services.js';
export { loadSqlParser } from './sql-parser.js';
export type { VerifyResult } from './verify-migrations.js';
export { verifyMigrations } from './verify-migrations.js';
export { withDatabase } from './with-database.js';
