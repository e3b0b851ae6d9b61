import type { ResolvedConfig } from '../config/resolved-config.js';
import { advisoryLockKey } from '../db/advisory-lock-key.js';
import { DbwardError } from '../errors/dbward-error.js';
import { appliedVia } from './applied-via.js';
import { type ApplyIdentity, appliedRowOf } from './apply-one-migration.js';
import { createHistoryTableSql, historyInsertSql } from './history-table.js';
import type { MigrationFile } from './migration-file-types.js';
import { migrationLockName } from './migration-run-context.js';
import {
  DURABILITY_BARRIER_SQL,
  type MigrationSettings,
  migrationSettingsSql,
  resetMigrationSettingsSql,
} from './migration-settings.js';
import type { MigrationPlan } from './plan-migrations.js';
import { sqlLiteral } from './sql-literal.js';
import { transactionBatch } from './transaction-batch.js';

export interface RenderSqlOptions {
  appliedVia?: string;
  forcedReason?: string;
  /** The files the reason is for (see ApplyIdentity); all of them when absent. */
  forcedFiles?: ReadonlySet<string>;
}

/**
 * renderMigrationSql prints the exact SQL `up` would send for a plan, history writes and the
 * migration lock included, as a script for review or for `psql -v ON_ERROR_STOP=1 -f` (not `-1`:
 * no-transaction migrations must run outside a transaction). TypeScript migrations cannot be
 * printed; a plan holding one is refused.
 */
export function renderMigrationSql(
  config: ResolvedConfig,
  plan: MigrationPlan,
  options: RenderSqlOptions = {},
): string {
  const identity = {
    appliedVia: options.appliedVia ?? appliedVia(),
    forcedReason: options.forcedReason ?? null,
    forcedFiles: options.forcedFiles ?? null,
  };
  const withWork = plan.services.filter((service) => service.pending.length > 0);
  const count = withWork.reduce((total, service) => total + service.pending.length, 0);
  const parts = [
    `-- dbward up --sql: ${count} migration${count === 1 ? '' : 's'} for ${withWork.length} service${withWork.length === 1 ? '' : 's'}`,
    '-- Run with: psql -v ON_ERROR_STOP=1 -f <this file>',
    '',
  ];
  for (const service of withWork) {
    const settings: MigrationSettings = {
      schema: service.schema,
      lockTimeoutMs: config.lockTimeoutMs,
      statementTimeoutMs: config.statementTimeoutMs,
      clientCheckIntervalMs: null,
      asyncCommit: true,
    };
    const lockKey = sqlLiteral(advisoryLockKey(migrationLockName(service.schema)));
    parts.push(
      `-- service ${service.service} (schema ${service.schema})`,
      `SELECT pg_advisory_lock(${lockKey}::bigint);`,
      createHistoryTableSql(service.schema),
    );
    for (const file of service.pending) parts.push(renderOne(settings, file, identity));
    parts.push(DURABILITY_BARRIER_SQL, `SELECT pg_advisory_unlock(${lockKey}::bigint);`, '');
  }
  return `${parts.join('\n')}\n`;
}

function renderOne(settings: MigrationSettings, file: MigrationFile, identity: ApplyIdentity): string {
  if (file.format === 'ts' || file.up === null) {
    throw new DbwardError(
      'migration-not-printable',
      `print SQL for ${file.path}: a TypeScript migration runs code, so it has no SQL to print; apply it with \`dbward up\``,
    );
  }
  const row = historyInsertSql(settings.schema, appliedRowOf(file, identity, file.noTransaction ? 0 : null));
  const header = `-- ${file.path}${file.noTransaction ? ' (no transaction)' : ''}`;
  if (!file.noTransaction) return `${header}\n${transactionBatch(settings, file.up.sql, row).sql}`;
  return `${header}\n${migrationSettingsSql(settings, 'session')}\n${file.up.sql}\n;\n${row};\n${resetMigrationSettingsSql(settings)}\n`;
}
