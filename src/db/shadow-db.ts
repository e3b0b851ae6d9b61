import { randomBytes } from 'node:crypto';
import { DbwardError } from '../errors/dbward-error.js';
import { checkDatabaseUrl, withDatabaseName } from './database-url.js';
import type { Db } from './db.js';
import { openNodePostgresDb } from './node-postgres-db.js';
import { openPgliteDb } from './pglite-db.js';
import { redactUrl, redactUrlsInText } from './redact-url.js';
import { escapeIdentifier } from './sql-quoting.js';

/** ShadowDb is a throw-away database: `close` drops it (server) or frees it (PGlite). */
export interface ShadowDb extends Db {}

/**
 * createShadowDb gives a fresh empty database for replaying migrations: in-memory PGlite from
 * the cached template, or, with `shadowDatabaseUrl`, a new database on that server that is
 * dropped again on close.
 */
export async function createShadowDb(shadowDatabaseUrl: string | null = null): Promise<ShadowDb> {
  if (!shadowDatabaseUrl) return openPgliteDb();
  const serverUrl = checkDatabaseUrl(shadowDatabaseUrl);
  const name = `dbward_shadow_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = await openNodePostgresDb(serverUrl);
  try {
    await admin.exec(`CREATE DATABASE ${escapeIdentifier(name)}`);
  } catch (error) {
    throw new DbwardError(
      'shadow-database-failed',
      `create shadow database on ${redactUrl(serverUrl)}: ${redactUrlsInText((error as Error).message, serverUrl)}`,
      { exitCode: 2, cause: error },
    );
  } finally {
    await admin.close();
  }
  const db = await openNodePostgresDb(withDatabaseName(serverUrl, name));
  return {
    ...db,
    async close() {
      await db.close();
      const dropper = await openNodePostgresDb(serverUrl);
      try {
        await dropper.exec(`DROP DATABASE IF EXISTS ${escapeIdentifier(name)} WITH (FORCE)`);
      } finally {
        await dropper.close();
      }
    },
  };
}
