import { existsSync } from 'node:fs';
import path from 'node:path';
import type { DatabaseTarget } from '../config/resolved-config.js';
import type { Db } from '../db/db.js';
import { redactUrlsInText } from '../db/redact-url.js';

/** The target database when it answered; else why not (null when there is no database yet). */
export interface ReachableTarget {
  db: Db | null;
  /** Why a configured database could not be used (URL redacted), e.g. an embedded one in use. */
  unreachable: string | null;
}

/**
 * openTargetIfReachable opens the project's database for review's optional context (pending
 * files, row estimates, data checks); when it cannot be reached the review goes on without it,
 * and `unreachable` says why. An embedded database that does not exist yet is not a problem:
 * there is nothing to compare with, and review must not create it.
 */
export async function openTargetIfReachable(target: DatabaseTarget): Promise<ReachableTarget> {
  if (target.kind === 'embedded' && !existsSync(path.join(target.dataDir, 'PG_VERSION')))
    return { db: null, unreachable: null };
  try {
    // Loaded only when there is a database to open: the drivers take ~100 ms to load.
    const { openDb } = await import('../db/open-db.js');
    const db = await openDb(target);
    try {
      await db.query('SELECT 1');
      return { db, unreachable: null };
    } catch (error: unknown) {
      await db.close().catch(() => {});
      return { db: null, unreachable: reasonOf(error) };
    }
  } catch (error: unknown) {
    return { db: null, unreachable: reasonOf(error) };
  }
}

function reasonOf(error: unknown): string {
  return redactUrlsInText(error instanceof Error ? error.message : String(error));
}
