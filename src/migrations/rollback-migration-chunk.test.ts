import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testBackends } from '../../test/harness/backends.js';
import {
  createMigrationProject,
  createTableMigration,
  type MigrationProject,
  sqlMigration,
} from '../../test/migrations/migration-project.js';
import type { Db } from '../db/db.js';
import { applyMigrations } from './apply-migrations.js';
import { readAppliedMigrations } from './history-table.js';
import { rollbackMigrations } from './rollback-migrations.js';

async function relationExists(db: Db, name: string): Promise<boolean> {
  const result = await db.query<{ present: boolean }>('SELECT to_regclass($1) IS NOT NULL AS present', [
    name,
  ]);
  return result.rows[0]?.present === true;
}

async function appliedIds(db: Db): Promise<number[]> {
  return (await readAppliedMigrations(db, 'auth')).map((row) => row.id);
}

/** Rollbacks that share a round trip share a transaction; these check it changes no outcome. */
for (const backend of testBackends()) {
  describe(`${backend.name}: rolling back several migrations in one transaction`, () => {
    let project: MigrationProject;
    let drop: () => Promise<void>;
    let db: Db;

    beforeEach(async () => {
      const database = await backend.createDatabase();
      drop = database.drop;
      project = await createMigrationProject(database, ['auth']);
      await project.writeMigration(
        'auth',
        '0001_log.sql',
        createTableMigration('rollback_log', 'step int, xid text'),
      );
      db = await database.open();
    });
    afterEach(async () => {
      await db.close();
      await project.remove();
      await drop();
    });

    const logged = (step: number) => `INSERT INTO rollback_log VALUES (${step}, txid_current()::text);`;

    it('runs the down sections of a round trip in one transaction, each removing its own history row', async () => {
      for (const id of [2, 3, 4, 5])
        await project.writeMigration(
          'auth',
          `000${id}_t${id}.sql`,
          sqlMigration(`CREATE TABLE t${id} (id int);`, `DROP TABLE t${id};\n${logged(id)}`),
        );
      const config = await project.config();
      expect((await applyMigrations(config, db)).failure).toBeNull();
      const result = await rollbackMigrations(config, db, { service: 'auth', to: 1 });
      expect(result.failure).toBeNull();
      expect(result.rolledBack.map((step) => step.id)).toEqual([5, 4, 3, 2]);
      expect(await appliedIds(db)).toEqual([1]);
      for (const id of [2, 3, 4, 5]) expect(await relationExists(db, `auth.t${id}`)).toBe(false);
      const log = await db.query<{ step: number; xid: string }>(
        'SELECT step, xid FROM auth.rollback_log ORDER BY step DESC',
      );
      expect(log.rows.map((row) => row.step)).toEqual([5, 4, 3, 2]);
      // One commit, so one disk flush, for the four DROP TABLEs instead of four.
      expect(new Set(log.rows.map((row) => row.xid)).size).toBe(1);
    });

    it('keeps the rollbacks before a failed one and reports the failure at its line and column', async () => {
      for (const id of [2, 3, 5])
        await project.writeMigration('auth', `000${id}_t${id}.sql`, createTableMigration(`t${id}`));
      await project.writeMigration(
        'auth',
        '0004_broken_down.sql',
        sqlMigration('CREATE TABLE t4 (id int);', 'DROP TABLE t4;\nDROP TABLE   no_such_table;'),
      );
      const config = await project.config();
      expect((await applyMigrations(config, db)).failure).toBeNull();
      const result = await rollbackMigrations(config, db, { service: 'auth', to: 1 });
      expect(result.rolledBack.map((step) => step.id)).toEqual([5]);
      expect(result.failure).toMatchObject({
        id: 4,
        sqlState: '42P01',
        position: { file: 'migrations/auth/0004_broken_down.sql', line: 6, column: 1 },
      });
      // 5 rolled back for good; 4 (its DROP TABLE t4 included) and everything older still applied.
      expect(await appliedIds(db)).toEqual([1, 2, 3, 4]);
      expect(await relationExists(db, 'auth.t5')).toBe(false);
      for (const id of [2, 3, 4]) expect(await relationExists(db, `auth.t${id}`)).toBe(true);
    });

    it("gives every migration the service's search_path even after one changed it", async () => {
      await db.exec('CREATE TABLE public.t2 (id int)');
      await project.writeMigration('auth', '0002_t2.sql', createTableMigration('t2'));
      await project.writeMigration(
        'auth',
        '0003_moves_search_path.sql',
        sqlMigration('CREATE TABLE t3 (id int);', 'DROP TABLE auth.t3;\nSET search_path = public;'),
      );
      const config = await project.config();
      expect((await applyMigrations(config, db)).failure).toBeNull();
      const result = await rollbackMigrations(config, db, { service: 'auth', to: 1 });
      expect(result.failure).toBeNull();
      // 0002's unqualified DROP TABLE t2 is the service's table, not the public one.
      expect(await relationExists(db, 'auth.t2')).toBe(false);
      expect(await relationExists(db, 'public.t2')).toBe(true);
      await db.exec('DROP TABLE public.t2; RESET search_path');
    });

    it('ends like separate transactions when a deferred constraint fails at commit', async () => {
      await project.writeMigration(
        'auth',
        '0002_parents.sql',
        sqlMigration(
          'CREATE TABLE parents (id int PRIMARY KEY);\nCREATE TABLE children (parent_id int REFERENCES parents DEFERRABLE INITIALLY DEFERRED);',
          'DROP TABLE children;\nDROP TABLE parents;',
        ),
      );
      await project.writeMigration('auth', '0003_t3.sql', createTableMigration('t3'));
      // Valid until its own commit: the deferred check fails there.
      await project.writeMigration(
        'auth',
        '0004_orphan.sql',
        sqlMigration('SELECT 1;', 'INSERT INTO children VALUES (42);'),
      );
      await project.writeMigration('auth', '0005_t5.sql', createTableMigration('t5'));
      const config = await project.config();
      expect((await applyMigrations(config, db)).failure).toBeNull();
      const result = await rollbackMigrations(config, db, { service: 'auth', to: 1 });
      expect(result.rolledBack.map((step) => step.id)).toEqual([5]);
      expect(result.failure).toMatchObject({ id: 4, sqlState: '23503' });
      expect(await appliedIds(db)).toEqual([1, 2, 3, 4]);
      expect(await relationExists(db, 'auth.t5')).toBe(false);
      expect(await relationExists(db, 'auth.t3')).toBe(true);
      const orphans = await db.query<{ count: string }>('SELECT count(*)::text AS count FROM auth.children');
      expect(orphans.rows[0]?.count).toBe('0');
    });

    it('runs a down section with SET LOCAL in a transaction of its own', async () => {
      await project.writeMigration('auth', '0002_t2.sql', createTableMigration('t2'));
      await project.writeMigration(
        'auth',
        '0003_local.sql',
        sqlMigration(
          'CREATE TABLE t3 (id int);',
          `SET LOCAL statement_timeout = '1min';\nDROP TABLE t3;\n${logged(3)}`,
        ),
      );
      await project.writeMigration(
        'auth',
        '0004_t4.sql',
        sqlMigration('CREATE TABLE t4 (id int);', `DROP TABLE t4;\n${logged(4)}`),
      );
      const config = await project.config();
      expect((await applyMigrations(config, db)).failure).toBeNull();
      const result = await rollbackMigrations(config, db, { service: 'auth', to: 1 });
      expect(result.failure).toBeNull();
      expect(await appliedIds(db)).toEqual([1]);
      const log = await db.query<{ xid: string }>('SELECT xid FROM auth.rollback_log');
      expect(new Set(log.rows.map((row) => row.xid)).size).toBe(2);
    });
  });
}
