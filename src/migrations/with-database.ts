import type { ResolvedConfig } from '../config/resolved-config.js';
import type { Db } from '../db/db.js';
import { openDb } from '../db/open-db.js';

/** withDatabase opens the project's database, runs `fn`, and always closes it. */
export async function withDatabase<T>(config: ResolvedConfig, fn: (db: Db) => Promise<T>): Promise<T> {
  const db = await openDb(config.database);
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}
