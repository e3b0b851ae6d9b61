import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { AdvisoryLockOptions, Db, DbSession, QueryResult } from './db.js';
import { acquireDirectoryLock } from './directory-lock.js';
import { EMBEDDED_START_PARAMS } from './embedded-start-params.js';
import { pgliteTemplate } from './pglite-template.js';

export interface PgliteOptions {
  /** Directory of a persistent database; omitted: in-memory. */
  dataDir?: string;
}

/**
 * openPgliteDb opens embedded PGlite: persistent in `dataDir`, or in memory. A new database starts
 * from the cached template instead of running initdb. A data directory is opened by one process
 * at a time (PGlite has no multi-process access); a second one gets a clear error.
 */
export async function openPgliteDb(options: PgliteOptions = {}): Promise<Db> {
  const { dataDir } = options;
  const releaseDirectory = dataDir ? await acquireDirectoryLock(dataDir) : async () => {};
  try {
    const isNew = !dataDir || !existsSync(`${dataDir}/PG_VERSION`);
    if (dataDir) await mkdir(dataDir, { recursive: true });
    const pglite = await PGlite.create({
      ...(dataDir ? { dataDir } : {}),
      ...(isNew ? { loadDataDir: await pgliteTemplate() } : {}),
      startParams: [...EMBEDDED_START_PARAMS],
    });
    return wrapPglite(pglite, dataDir ? `pglite:${dataDir}` : 'pglite:memory', releaseDirectory);
  } catch (error) {
    await releaseDirectory();
    throw error;
  }
}

function sessionOf(target: PGlite | Transaction): DbSession {
  return {
    async query<Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>> {
      const result = await target.query<Row>(sql, params as unknown[] | undefined);
      // PGlite reports affectedRows 0 for a SELECT; node-postgres counts the rows returned.
      return { rows: result.rows, rowCount: result.affectedRows || result.rows.length };
    },
    async exec(sql: string): Promise<void> {
      await target.exec(sql);
    },
  };
}

function wrapPglite(pglite: PGlite, label: string, releaseDirectory: () => Promise<void>): Db {
  // One connection: an advisory lock is trivially held, but two callers in this process still
  // must not interleave, so the lock is an in-process queue per key.
  const lockQueues = new Map<string, Promise<unknown>>();
  let closed = false;
  return {
    ...sessionOf(pglite),
    kind: 'pglite',
    label,
    supportsConcurrentConnections: false,
    transaction<T>(fn: (tx: DbSession) => Promise<T>): Promise<T> {
      return pglite.transaction((tx) => fn(sessionOf(tx)));
    },
    async withAdvisoryLock<T>(key: string, fn: () => Promise<T>, options: AdvisoryLockOptions = {}) {
      const previous = lockQueues.get(key);
      if (previous) options.onWait?.();
      const run = (previous ?? Promise.resolve()).catch(() => {}).then(fn);
      lockQueues.set(key, run);
      try {
        return await run;
      } finally {
        if (lockQueues.get(key) === run) lockQueues.delete(key);
      }
    },
    async serverVersion() {
      const result = await pglite.query<{ server_version: string }>('SHOW server_version');
      return result.rows[0]?.server_version ?? 'unknown';
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        await pglite.close();
      } finally {
        await releaseDirectory();
      }
    },
  };
}
