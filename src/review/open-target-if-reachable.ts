import { existsSync } from 'node:fs';
import path from 'node:path';
import type { DatabaseTarget } from '../config/resolved-config.js';
import type { Db } from '../db/db.js';

/**
 * openTargetIfReachable opens the project's database for review's optional context (pending
 * files, row estimates, data checks), or returns null when it cannot be reached. An embedded
 * database that does not exist yet counts as unreachable: review must not create it.
 */
export async function openTargetIfReachable(target: DatabaseTarget): Promise<Db | null> {
  if (target.kind === 'embedded' && !existsSync(path.join(target.dataDir, 'PG_VERSION'))) return null;
  try {
    // Loaded only when there is a database to open: the drivers take ~100 ms to load.
    const { openDb } = await import('../db/open-db.js');
    const db = await openDb(target);
    try {
      await db.query('SELECT 1');
      return db;
    } catch {
      await db.close().catch(() => {});
      return null;
    }
  } catch {
    return null;
  }
}
