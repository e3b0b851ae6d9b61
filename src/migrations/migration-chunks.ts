import type { Db } from '../db/db.js';
import { pgErrorDetails } from '../db/pg-error-details.js';

/** At most this many migrations, or this much SQL, go in one round trip. */
const CHUNK_MIGRATIONS = 50;
const CHUNK_CHARACTERS = 1_000_000;

/**
 * takeChunk takes items from the front of `items` while they can share a round trip, within the
 * size limits; the first item that cannot ends the chunk.
 */
export function takeChunk<T>(items: readonly T[], sqlOf: (item: T) => string | null): T[] {
  const chunk: T[] = [];
  let characters = 0;
  for (const item of items) {
    const sql = sqlOf(item);
    if (sql === null || chunk.length >= CHUNK_MIGRATIONS) break;
    characters += sql.length;
    if (chunk.length > 0 && characters > CHUNK_CHARACTERS) break;
    chunk.push(item);
  }
  return chunk;
}

/**
 * execChunk sends the transactions of a chunk in one message and returns the error that stopped
 * it, or null when all of them ran. The failed transaction is rolled back; those before it are
 * committed.
 */
export async function execChunk(db: Db, transactions: readonly string[]): Promise<unknown> {
  try {
    await db.exec(transactions.join(''));
    return null;
  } catch (error) {
    await db.exec('ROLLBACK').catch(() => {});
    return error ?? new Error('the chunk failed');
  }
}

/**
 * isWorthRerunning: a failed migration of a chunk is run again alone to locate the error and retry
 * lock timeouts, except after a statement timeout, which would only make it wait that long again.
 */
export function isWorthRerunning(error: unknown): boolean {
  return pgErrorDetails(error)?.sqlState !== STATEMENT_TIMEOUT;
}

/** SQLSTATE query_canceled, what statement_timeout raises. */
const STATEMENT_TIMEOUT = '57014';
