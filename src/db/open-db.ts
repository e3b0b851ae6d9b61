import type { DatabaseTarget } from '../config/resolved-config.js';
import { checkDatabaseUrl } from './database-url.js';
import type { Db } from './db.js';

/**
 * openDb opens the project's database: a server for a URL, else the embedded PGlite directory.
 * Each driver is imported only when used: PGlite and pg cost 30-50 ms each to load, paid by every
 * command of a process that would never touch one of them. A URL dbward does not accept is a
 * `database-url-invalid` error (exit 2) before any driver loads.
 */
export async function openDb(target: DatabaseTarget): Promise<Db> {
  if (target.kind === 'url') {
    const url = checkDatabaseUrl(target.url);
    const { openNodePostgresDb } = await import('./node-postgres-db.js');
    return openNodePostgresDb(url);
  }
  const { openPgliteDb } = await import('./pglite-db.js');
  return openPgliteDb({ dataDir: target.dataDir });
}
