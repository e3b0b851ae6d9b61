import type { Db } from '../db/db.js';

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
 * execChunk sends the transactions of a chunk in one message. It reports whether all of them ran;
 * after an error the failed transaction is rolled back (the ones before it are committed).
 */
export async function execChunk(db: Db, transactions: readonly string[]): Promise<boolean> {
  try {
    await db.exec(transactions.join(''));
    return true;
  } catch {
    await db.exec('ROLLBACK').catch(() => {});
    return false;
  }
}
