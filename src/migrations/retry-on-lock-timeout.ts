import { pgErrorDetails } from '../db/pg-error-details.js';
import { SqlRunError } from './sql-run-error.js';

/** SQLSTATE lock_not_available: a statement waited lock_timeout for its lock and gave up. */
export const LOCK_NOT_AVAILABLE = '55P03';

export interface LockRetryOptions {
  /** Total attempts, the first included. */
  attempts: number;
  /** Delay before the second attempt; doubled before each later one. */
  backoffMs: number;
  onRetry?: (attempt: number, delayMs: number, error: unknown) => void;
  /** The failure of an attempt already made elsewhere (a migration's chunk): it counts as attempt 1. */
  firstFailure?: unknown;
}

export type LockRetryOutcome<T> =
  | { ok: true; value: T; attempts: number }
  | { ok: false; error: unknown; attempts: number };

/** isLockTimeout tells whether a failure is a lock timeout (and so worth another attempt). */
export function isLockTimeout(error: unknown): boolean {
  const details = error instanceof SqlRunError ? error.details : pgErrorDetails(error);
  return details?.sqlState === LOCK_NOT_AVAILABLE;
}

/**
 * retryOnLockTimeout runs `attempt` again, with exponential backoff, while it fails with a lock
 * timeout. `attempt` gets its number, from 1 (from 2 when `firstFailure` was attempt 1). The
 * caller's attempt rolls back on failure, so the migration never sits in the lock queue holding
 * locks the application's queries would wait behind.
 */
export async function retryOnLockTimeout<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  options: LockRetryOptions,
): Promise<LockRetryOutcome<T>> {
  let made = options.firstFailure === undefined ? 0 : 1;
  let failure: unknown = options.firstFailure;
  for (;;) {
    if (made > 0) {
      if (!isLockTimeout(failure) || made >= options.attempts)
        return { ok: false, error: failure, attempts: made };
      const delayMs = retryDelayMs(options.backoffMs, made);
      options.onRetry?.(made, delayMs, failure);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
    made++;
    try {
      return { ok: true, value: await attempt(made), attempts: made };
    } catch (error) {
      failure = error;
    }
  }
}

/** The longest delay a Node timer keeps: a longer one fires at once (and Node warns). */
const LONGEST_TIMER_MS = 2 ** 31 - 1;

/** retryDelayMs is the wait after failed attempt `made` (1-based): the backoff doubled each time, capped. */
export function retryDelayMs(backoffMs: number, made: number): number {
  return Math.min(backoffMs * 2 ** (made - 1), LONGEST_TIMER_MS);
}
