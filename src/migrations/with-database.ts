import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ResolvedConfig } from '../config/resolved-config.js';
import type { Db } from '../db/db.js';
import { openDb } from '../db/open-db.js';

export interface WithDatabaseOptions {
  /**
   * The command only reads (status, history, verify): an embedded database that was never
   * created is not created for it; an empty in-memory one, which holds what it would hold
   * (nothing applied), answers instead.
   */
  readOnly?: boolean;
}

/** withDatabase opens the project's database, runs `fn`, and always closes it. */
export async function withDatabase<T>(
  config: ResolvedConfig,
  fn: (db: Db) => Promise<T>,
  options: WithDatabaseOptions = {},
): Promise<T> {
  const target = config.database;
  const absent =
    options.readOnly === true &&
    target.kind === 'embedded' &&
    !existsSync(join(target.dataDir, 'PG_VERSION'));
  const db = absent ? await (await import('../db/pglite-db.js')).openPgliteDb() : await openDb(target);
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}
