import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestDatabase, testBackends } from '../../test/harness/backends.js';
import type { Db } from './db.js';
import { pgErrorDetails } from './pg-error-details.js';

for (const backend of testBackends()) {
  describe(`Db on ${backend.name}`, () => {
    let database: TestDatabase;
    let db: Db;
    beforeAll(async () => {
      database = await backend.createDatabase();
      db = await database.open();
    });
    afterAll(async () => {
      await db?.close();
      await database?.drop();
    });

    it('runs parameterised queries and multi-statement scripts', async () => {
      await db.exec(
        'CREATE TABLE t_query (id int PRIMARY KEY, name text); INSERT INTO t_query VALUES (1, $$a$$);',
      );
      const result = await db.query<{ id: number; name: string }>(
        'SELECT id, name FROM t_query WHERE id = $1',
        [1],
      );
      expect(result.rows).toEqual([{ id: 1, name: 'a' }]);
      expect((await db.query('UPDATE t_query SET name = $1', ['b'])).rowCount).toBe(1);
      // The same count on every backend, for a SELECT too.
      expect((await db.query('SELECT * FROM t_query')).rowCount).toBe(1);
      expect((await db.query('SELECT * FROM t_query WHERE false')).rowCount).toBe(0);
    });

    it('rolls a transaction back when its function throws, and commits otherwise', async () => {
      await db.exec('CREATE TABLE t_tx (id int PRIMARY KEY)');
      await expect(
        db.transaction(async (tx) => {
          await tx.exec('INSERT INTO t_tx VALUES (1)');
          await tx.exec('INSERT INTO t_tx VALUES (1)');
        }),
      ).rejects.toMatchObject({ code: '23505' });
      expect((await db.query('SELECT count(*)::int AS n FROM t_tx')).rows).toEqual([{ n: 0 }]);
      await db.transaction((tx) => tx.exec('INSERT INTO t_tx VALUES (2)'));
      expect((await db.query('SELECT count(*)::int AS n FROM t_tx')).rows).toEqual([{ n: 1 }]);
      // The connection is usable after the rollback.
      expect((await db.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    });

    it('reports a Postgres error with its SQLSTATE and position', async () => {
      const error = await db.exec('SELECT 1;\nSELECT nope FROM missing_table').catch((e: unknown) => e);
      const details = pgErrorDetails(error);
      expect(details?.sqlState).toBe('42P01');
      expect(details?.message).toContain('missing_table');
      expect(details?.position).toBe('SELECT 1;\nSELECT nope FROM '.length + 1);
    });

    it('reports its server version', async () => {
      expect(await db.serverVersion()).toMatch(/^\d+(\.\d+)?/);
    });

    it('serialises two holders of the same advisory lock and tells the second it waits', async () => {
      const other = backend.kind === 'postgres' ? await database.open() : db;
      const events: string[] = [];
      let release!: () => void;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      let firstHolds!: () => void;
      const firstHasLock = new Promise<void>((resolve) => {
        firstHolds = resolve;
      });
      const first = db.withAdvisoryLock('svc', async () => {
        events.push('first in');
        firstHolds();
        await held;
        events.push('first out');
      });
      await firstHasLock;
      const second = other.withAdvisoryLock(
        'svc',
        async () => {
          events.push('second in');
        },
        { onWait: () => events.push('second waits') },
      );
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(events).toEqual(['first in', 'second waits']);
      release();
      await Promise.all([first, second]);
      expect(events).toEqual(['first in', 'second waits', 'first out', 'second in']);
      if (other !== db) await other.close();
    });

    it('does not make a holder of another key wait', async () => {
      const waits: string[] = [];
      await db.withAdvisoryLock('a', () =>
        db.withAdvisoryLock('b', async () => {}, { onWait: () => waits.push('b') }),
      );
      expect(waits).toEqual([]);
    });
  });
}
