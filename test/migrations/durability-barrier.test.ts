import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/db.js';
import { DURABILITY_BARRIER_SQL } from '../../src/migrations/migration-settings.js';
import { serverBackends, type TestDatabase } from '../harness/backends.js';

// Regression: a barrier that only took a transaction id wrote no WAL, so PostgreSQL committed
// it asynchronously too and flushed nothing. With the WAL writer slowed, only a barrier that
// really flushes moves the flush position past the commits before it.
for (const backend of serverBackends()) {
  describe(`durability barrier on ${backend.name}`, () => {
    let database: TestDatabase;
    let db: Db;
    let canTune = false;
    beforeAll(async () => {
      database = await backend.createDatabase();
      db = await database.open();
      const role = await db.query<{ rolsuper: boolean }>(
        'SELECT rolsuper FROM pg_roles WHERE rolname = current_user',
      );
      canTune = role.rows[0]?.rolsuper === true;
      if (canTune) {
        await db.exec("ALTER SYSTEM SET wal_writer_delay = '10s'");
        await db.exec('SELECT pg_reload_conf()');
      }
    });
    afterAll(async () => {
      if (canTune) {
        await db.exec('ALTER SYSTEM RESET wal_writer_delay');
        await db.exec('SELECT pg_reload_conf()');
      }
      await db?.close();
      await database?.drop();
    });

    it('flushes the WAL of earlier asynchronous commits, even with synchronous_commit off in the session', async () => {
      if (!canTune) return;
      await db.exec('SET synchronous_commit = off');
      let flushed = 0;
      for (let i = 0; i < 5; i++) {
        await db.exec(`BEGIN; CREATE TABLE barrier_${i} (id int); COMMIT;`);
        // Where the asynchronous commit's WAL ends. Not the insert position after the barrier:
        // other test files writing to the same server move that one on.
        const before = await db.query<{ lsn: string }>('SELECT pg_current_wal_insert_lsn()::text AS lsn');
        await db.exec(DURABILITY_BARRIER_SQL);
        const { rows } = await db.query<{ flushed: boolean }>(
          'SELECT pg_current_wal_flush_lsn() >= $1::pg_lsn AS flushed',
          [before.rows[0]?.lsn],
        );
        if (rows[0]?.flushed) flushed++;
      }
      await db.exec('RESET synchronous_commit');
      expect(flushed).toBe(5);
    });
  });
}
