import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import type { DatabaseTarget } from '../../src/config/resolved-config.js';
import type { Db } from '../../src/db/db.js';
import { openNodePostgresDb } from '../../src/db/node-postgres-db.js';
import { openPgliteDb } from '../../src/db/pglite-db.js';

/** A fresh database of one backend, owned by one test file. */
export interface TestDatabase {
  /** What to put in a config (or `--database-url`) to reach this database. */
  target: DatabaseTarget;
  /** URL for servers, null for PGlite. */
  url: string | null;
  /** open gives a new connection (PGlite: opens the data directory; one holder at a time). */
  open(): Promise<Db>;
  drop(): Promise<void>;
}

export interface TestBackend {
  /** `pglite`, `pg18-embedded`, or `pg@host:port` for each URL in DBWARD_TEST_PG_URLS. */
  name: string;
  kind: 'pglite' | 'postgres';
  createDatabase(): Promise<TestDatabase>;
}

/**
 * testBackends lists every backend the integration suites run on: embedded PGlite, the PG 18
 * started by the global setup, and each server in DBWARD_TEST_PG_URLS. DBWARD_TEST_BACKENDS
 * (comma-separated names or kinds) narrows the list.
 */
export function testBackends(): TestBackend[] {
  const backends: TestBackend[] = [pgliteBackend(), serverBackend('pg18-embedded', inject('embeddedPgUrl'))];
  for (const url of (process.env.DBWARD_TEST_PG_URLS ?? '').split(',').map((u) => u.trim())) {
    if (!url) continue;
    const parsed = new URL(url);
    backends.push(serverBackend(`pg@${parsed.hostname}:${parsed.port || '5432'}`, url));
  }
  const only = (process.env.DBWARD_TEST_BACKENDS ?? '').split(',').filter(Boolean);
  return only.length === 0
    ? backends
    : backends.filter((b) => only.includes(b.name) || only.includes(b.kind));
}

/** serverBackends is testBackends without PGlite, for tests that need several connections. */
export function serverBackends(): TestBackend[] {
  return testBackends().filter((b) => b.kind === 'postgres');
}

function pgliteBackend(): TestBackend {
  return {
    name: 'pglite',
    kind: 'pglite',
    async createDatabase() {
      const dir = await mkdtemp(join(tmpdir(), 'dbward-test-pglite-'));
      const dataDir = join(dir, 'pgdata');
      return {
        target: { kind: 'embedded', dataDir },
        url: null,
        open: () => openPgliteDb({ dataDir }),
        drop: () => rm(dir, { recursive: true, force: true }),
      };
    },
  };
}

function serverBackend(name: string, adminUrl: string): TestBackend {
  return {
    name,
    kind: 'postgres',
    async createDatabase() {
      const database = `dbward_test_${randomBytes(6).toString('hex')}`;
      const admin = await openNodePostgresDb(adminUrl);
      await admin.exec(`CREATE DATABASE ${pg.escapeIdentifier(database)}`);
      await admin.close();
      const url = new URL(adminUrl);
      url.pathname = `/${database}`;
      return {
        target: { kind: 'url', url: url.toString() },
        url: url.toString(),
        open: () => openNodePostgresDb(url.toString()),
        async drop() {
          const dropper = await openNodePostgresDb(adminUrl);
          await dropper.exec(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(database)} WITH (FORCE)`);
          await dropper.close();
        },
      };
    },
  };
}
