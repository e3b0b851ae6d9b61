import type { DatabaseTarget } from '../config/resolved-config.js';
import type { Db } from './db.js';
import { openNodePostgresDb } from './node-postgres-db.js';
import { openPgliteDb } from './pglite-db.js';

/** openDb opens the project's database: a server for a URL, else the embedded PGlite directory. */
export function openDb(target: DatabaseTarget): Promise<Db> {
  return target.kind === 'url' ? openNodePostgresDb(target.url) : openPgliteDb({ dataDir: target.dataDir });
}
