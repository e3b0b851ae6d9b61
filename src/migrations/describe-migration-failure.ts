import { isDbwardError } from '../errors/dbward-error.js';
import type { MigrationFailure } from './migration-failure.js';
import { isLockTimeout } from './retry-on-lock-timeout.js';
import { SqlRunError } from './sql-run-error.js';
import type { SqlSource } from './sql-source.js';

export interface FailureContext {
  /** What was being done: `apply` or `roll back`. */
  action: string;
  service: string;
  id: number;
  file: string;
  /** The SQL that ran, to map the failing spot into the file; null for TypeScript migrations. */
  source: SqlSource | null;
  attempts: number;
  lockTimeoutMs: number;
  /** A no-transaction migration: the statements before the failing one stay committed. */
  noTransaction?: boolean;
}

/**
 * describeMigrationFailure turns what a migration threw into a MigrationFailure whose message
 * starts with the action and `file:line:column`, then the server's message and SQLSTATE.
 */
export function describeMigrationFailure(error: unknown, context: FailureContext): MigrationFailure {
  const kept =
    context.noTransaction === true && error instanceof SqlRunError ? (error.statementsDone ?? 0) : 0;
  const base = {
    service: context.service,
    id: context.id,
    file: context.file,
    attempts: context.attempts,
    statementsKept: kept,
  };
  if (isDbwardError(error)) {
    return {
      ...base,
      code: error.code,
      message: error.message,
      sqlState: error.sqlState ?? null,
      position: error.position ?? null,
    };
  }
  const runError = error instanceof SqlRunError ? error : new SqlRunError(error, null);
  const details = runError.details;
  const where =
    runError.offset !== null && context.source !== null ? context.source.positionOf(runError.offset) : null;
  const position = where !== null && context.source?.inFile ? { file: context.file, ...where } : null;
  const location =
    position !== null
      ? `${context.file}:${position.line}:${position.column}`
      : where !== null
        ? `${context.file} (stored down SQL, line ${where.line}, column ${where.column})`
        : context.file;
  const lockTimeout = isLockTimeout(runError);
  const serverText = details
    ? `${details.message} (SQLSTATE ${details.sqlState})${details.detail ? `; ${details.detail}` : ''}${details.hint ? `; hint: ${details.hint}` : ''}`
    : runError.message;
  const gaveUp = lockTimeout
    ? `; gave up after ${context.attempts} attempt${context.attempts === 1 ? '' : 's'} with lock_timeout ${context.lockTimeoutMs}ms (another session holds a conflicting lock), ${context.noTransaction ? 'that statement did not run' : 'rolled back'}`
    : '';
  const keptText = kept > 0 ? `; ${keptStatements(kept, context.action, runError.continuesNextTime)}` : '';
  return {
    ...base,
    code: lockTimeout ? 'lock-timeout' : details ? 'sql-error' : 'migration-failed',
    message: `${context.action} ${location}: ${serverText}${gaveUp}${keptText}`,
    sqlState: details?.sqlState ?? null,
    position,
  };
}

/** keptStatements: what stays of a no-transaction migration that failed part way, and what to do. */
function keptStatements(kept: number, action: string, continuesNextTime: boolean): string {
  const which =
    kept === 1
      ? 'the statement before the failure in this no-transaction migration stays committed'
      : `the ${kept} statements before the failure in this no-transaction migration stay committed`;
  if (continuesNextTime)
    return `${which}; the next down continues at the statement that failed (the stored down SQL now starts there): fix the cause and run it again`;
  return action === 'roll back'
    ? `${which}; dbward could not record that, so the next down runs the stored down SQL from its first statement again`
    : `${which}: undo ${kept === 1 ? 'it' : 'them'} or make the migration safe to run again (IF NOT EXISTS) before the next run`;
}
