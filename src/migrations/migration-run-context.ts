import type { ResolvedConfig, ResolvedService } from '../config/resolved-config.js';
import type { Db } from '../db/db.js';
import type { ProgressListener } from './migration-progress.js';
import type { MigrationSettings } from './migration-settings.js';
import { type LockRetryOutcome, retryOnLockTimeout } from './retry-on-lock-timeout.js';

/** MigrationRunContext is what running one service's migrations needs. */
export interface MigrationRunContext {
  db: Db;
  service: ResolvedService;
  settings: MigrationSettings;
  lockRetryAttempts: number;
  lockRetryBackoffMs: number;
  onProgress: ProgressListener;
}

export function migrationRunContext(
  config: ResolvedConfig,
  db: Db,
  service: ResolvedService,
  onProgress: ProgressListener | undefined,
): MigrationRunContext {
  return {
    db,
    service,
    settings: {
      schema: service.schema,
      lockTimeoutMs: config.lockTimeoutMs,
      statementTimeoutMs: config.statementTimeoutMs,
    },
    lockRetryAttempts: config.migrations.lockRetryAttempts,
    lockRetryBackoffMs: config.migrations.lockRetryBackoffMs,
    onProgress: onProgress ?? (() => {}),
  };
}

/** withRetries runs one migration step, retrying lock timeouts and reporting each retry. */
export function withRetries<T>(
  context: MigrationRunContext,
  file: string,
  step: () => Promise<T>,
): Promise<LockRetryOutcome<T>> {
  return retryOnLockTimeout(step, {
    attempts: context.lockRetryAttempts,
    backoffMs: context.lockRetryBackoffMs,
    onRetry: (attempt, delayMs, error) =>
      context.onProgress({
        kind: 'retry',
        service: context.service.name,
        file,
        attempt,
        attempts: context.lockRetryAttempts,
        delayMs,
        message: error instanceof Error ? error.message : String(error),
      }),
  });
}

/** migrationLockName is the advisory lock a service's migrations run under. */
export function migrationLockName(schema: string): string {
  return `migrate:${schema}`;
}
