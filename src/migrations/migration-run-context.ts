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
  /** Send several transactional migrations per round trip. */
  chunked: boolean;
}

export function migrationRunContext(
  config: ResolvedConfig,
  db: Db,
  service: ResolvedService,
  onProgress: ProgressListener | undefined,
  traits: ServerTraits,
): MigrationRunContext {
  return {
    db,
    service,
    settings: {
      schema: service.schema,
      lockTimeoutMs: config.lockTimeoutMs,
      statementTimeoutMs: config.statementTimeoutMs,
      clientCheckIntervalMs: traits.clientCheckIntervalMs,
      asyncCommit: true,
    },
    lockRetryAttempts: config.migrations.lockRetryAttempts,
    lockRetryBackoffMs: config.migrations.lockRetryBackoffMs,
    onProgress: onProgress ?? (() => {}),
    chunked: traits.chunked,
  };
}

/**
 * withRetries runs one migration step, retrying lock timeouts and reporting each retry. The step
 * is a whole migration in a transaction (rolled back before a retry) or, for a no-transaction
 * migration, one statement (the ones before it stay done).
 */
export function withRetries<T>(
  context: MigrationRunContext,
  file: string,
  step: (attemptNumber: number) => Promise<T>,
  firstFailure?: unknown,
  retried: 'migration' | 'statement' = 'migration',
): Promise<LockRetryOutcome<T>> {
  return retryOnLockTimeout(step, {
    ...(firstFailure === undefined ? {} : { firstFailure }),
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
        retried,
        message: error instanceof Error ? error.message : String(error),
      }),
  });
}

/** migrationLockName is the advisory lock a service's migrations run under. */
export function migrationLockName(schema: string): string {
  return `migrate:${schema}`;
}

/** Once a second: a killed deploy's migration is rolled back about a second after it died. */
const CLIENT_CHECK_INTERVAL_MS = 1000;

/** What the database can do that the runner relies on. */
export interface ServerTraits {
  /** client_connection_check_interval to set (PostgreSQL 14+ servers); null when unsupported. */
  clientCheckIntervalMs: number | null;
  /**
   * Several migrations per round trip: from PostgreSQL 13 statement_timeout applies to each
   * statement of a multi-statement message, before that to the whole message.
   */
  chunked: boolean;
}

/** serverTraits reads the server version once per run (embedded PGlite has no client to lose). */
export async function serverTraits(db: Db): Promise<ServerTraits> {
  if (db.kind !== 'postgres') return { clientCheckIntervalMs: null, chunked: true };
  const result = await db.query<{ version: string }>(
    "SELECT current_setting('server_version_num') AS version",
  );
  const version = Number(result.rows[0]?.version ?? 0);
  return {
    clientCheckIntervalMs: version >= 140000 ? CLIENT_CHECK_INTERVAL_MS : null,
    chunked: version >= 130000,
  };
}
