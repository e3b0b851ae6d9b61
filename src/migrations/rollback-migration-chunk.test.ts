import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { serverBackends, testBackends } from '../../test/harness/backends.js';
import {
  createMigrationProject,
  createTableMigration,
  type MigrationProject,
  relationExists,
  sqlMigration,
  useMigrationProject,
} from '../../test/migrations/migration-project.js';
import type { Db } from '../db/db.js';
import { applyMigrations } from './apply-migrations.js';
import { readAppliedMigrations } from './history-table.js';
import { rollbackMigrations } from './rollback-migrations.js';

async function appliedIds(db: Db): Promise<number[]> {
  return (await readAppliedMigrations(db, 'auth')).map((row) => row.id);
}

/** Rollbacks that share a round trip share a transaction; these check it changes no outcome. */
for (const backend of testBackends()) {
  describe(`${backend.name}: rolling back several migrations in one transaction`, () => {
    const fx = useMigrationProject(backend, ['auth'], {
      setup: async (project) => {
        await project.writeMigration(
          'auth',
          '0001_log.sql',
          createTableMigration('rollback_log', 'step int, xid text'),
        );
      },
    });

    const logged = (step: number) => `INSERT INTO rollback_log VALUES (${step}, txid_current()::text);`;

    it('runs the down sections of a round trip in one transaction, each removing its own history row', async () => {
      for (const id of [2, 3, 4, 5])
        await fx.project.writeMigration('auth', `000${id}_t${id}.sql`, createTableMigration(`t${id}`));
      const config = await fx.project.config();
      expect((await applyMigrations(config, fx.db)).failure).toBeNull();
      // The down sections are plain DDL (code in a down section makes it run alone): an event
      // trigger notes the transaction each DROP TABLE runs in.
      await fx.db.exec(`CREATE FUNCTION public.log_drop() RETURNS event_trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO auth.rollback_log SELECT substr(object_identity, 7)::text::int, txid_current()::text
    FROM pg_event_trigger_dropped_objects() WHERE object_type = 'table' AND object_identity LIKE 'auth.t_';
END$$;
CREATE EVENT TRIGGER log_drop ON sql_drop EXECUTE FUNCTION public.log_drop();`);
      try {
        const result = await rollbackMigrations(config, fx.db, { service: 'auth', to: 1 });
        expect(result.failure).toBeNull();
        expect(result.rolledBack.map((step) => step.id)).toEqual([5, 4, 3, 2]);
      } finally {
        await fx.db.exec('DROP EVENT TRIGGER log_drop');
      }
      expect(await appliedIds(fx.db)).toEqual([1]);
      for (const id of [2, 3, 4, 5]) expect(await relationExists(fx.db, `auth.t${id}`)).toBe(false);
      const log = await fx.db.query<{ step: number; xid: string }>(
        'SELECT step, xid FROM auth.rollback_log ORDER BY step DESC',
      );
      expect(log.rows.map((row) => row.step)).toEqual([5, 4, 3, 2]);
      // One commit, so one disk flush, for the four DROP TABLEs instead of four.
      expect(new Set(log.rows.map((row) => row.xid)).size).toBe(1);
    });

    it('keeps the rollbacks before a failed one and reports the failure at its line and column', async () => {
      for (const id of [2, 3, 5])
        await fx.project.writeMigration('auth', `000${id}_t${id}.sql`, createTableMigration(`t${id}`));
      await fx.project.writeMigration(
        'auth',
        '0004_broken_down.sql',
        sqlMigration('CREATE TABLE t4 (id int);', 'DROP TABLE t4;\nDROP TABLE   no_such_table;'),
      );
      const config = await fx.project.config();
      expect((await applyMigrations(config, fx.db)).failure).toBeNull();
      const result = await rollbackMigrations(config, fx.db, { service: 'auth', to: 1 });
      expect(result.rolledBack.map((step) => step.id)).toEqual([5]);
      expect(result.failure).toMatchObject({
        id: 4,
        sqlState: '42P01',
        position: { file: 'migrations/auth/0004_broken_down.sql', line: 6, column: 1 },
      });
      // 5 rolled back for good; 4 (its DROP TABLE t4 included) and everything older still applied.
      expect(await appliedIds(fx.db)).toEqual([1, 2, 3, 4]);
      expect(await relationExists(fx.db, 'auth.t5')).toBe(false);
      for (const id of [2, 3, 4]) expect(await relationExists(fx.db, `auth.t${id}`)).toBe(true);
    });

    it("gives every migration the service's search_path even after one changed it", async () => {
      await fx.db.exec('CREATE TABLE public.t2 (id int)');
      await fx.project.writeMigration('auth', '0002_t2.sql', createTableMigration('t2'));
      await fx.project.writeMigration(
        'auth',
        '0003_moves_search_path.sql',
        sqlMigration('CREATE TABLE t3 (id int);', 'DROP TABLE auth.t3;\nSET search_path = public;'),
      );
      const config = await fx.project.config();
      expect((await applyMigrations(config, fx.db)).failure).toBeNull();
      const result = await rollbackMigrations(config, fx.db, { service: 'auth', to: 1 });
      expect(result.failure).toBeNull();
      // 0002's unqualified DROP TABLE t2 is the service's table, not the public one.
      expect(await relationExists(fx.db, 'auth.t2')).toBe(false);
      expect(await relationExists(fx.db, 'public.t2')).toBe(true);
      await fx.db.exec('DROP TABLE public.t2; RESET search_path');
    });

    it('ends like separate transactions when a deferred constraint fails at commit', async () => {
      await fx.project.writeMigration(
        'auth',
        '0002_parents.sql',
        sqlMigration(
          'CREATE TABLE parents (id int PRIMARY KEY);\nCREATE TABLE children (parent_id int REFERENCES parents DEFERRABLE INITIALLY DEFERRED);',
          'DROP TABLE children;\nDROP TABLE parents;',
        ),
      );
      await fx.project.writeMigration('auth', '0003_t3.sql', createTableMigration('t3'));
      // Valid until its own commit: the deferred check fails there.
      await fx.project.writeMigration(
        'auth',
        '0004_orphan.sql',
        sqlMigration('SELECT 1;', 'INSERT INTO children VALUES (42);'),
      );
      await fx.project.writeMigration('auth', '0005_t5.sql', createTableMigration('t5'));
      const config = await fx.project.config();
      expect((await applyMigrations(config, fx.db)).failure).toBeNull();
      const result = await rollbackMigrations(config, fx.db, { service: 'auth', to: 1 });
      expect(result.rolledBack.map((step) => step.id)).toEqual([5]);
      expect(result.failure).toMatchObject({ id: 4, sqlState: '23503' });
      expect(await appliedIds(fx.db)).toEqual([1, 2, 3, 4]);
      expect(await relationExists(fx.db, 'auth.t5')).toBe(false);
      expect(await relationExists(fx.db, 'auth.t3')).toBe(true);
      const orphans = await fx.db.query<{ count: string }>(
        'SELECT count(*)::text AS count FROM auth.children',
      );
      expect(orphans.rows[0]?.count).toBe('0');
    });

    it('runs alone a down section that calls code, which could change a setting for the rest of the transaction', async () => {
      await fx.project.writeMigration(
        'auth',
        '0002_parents.sql',
        sqlMigration(
          `CREATE TABLE parents (id int PRIMARY KEY);
CREATE TABLE children (parent_id int REFERENCES parents);
INSERT INTO parents VALUES (1);
INSERT INTO children VALUES (1);
CREATE FUNCTION quiet_mode() RETURNS void LANGUAGE plpgsql AS $$BEGIN PERFORM pg_catalog.set_config('session_replication_role', 'replica', true); END$$;`,
          'DROP TABLE children;\nDROP TABLE parents;\nDROP FUNCTION quiet_mode();',
        ),
      );
      await fx.project.writeMigration(
        'auth',
        '0003_empty_parents.sql',
        sqlMigration('CREATE TABLE t3 (id int);', 'DROP TABLE t3;\nDELETE FROM parents;'),
      );
      await fx.project.writeMigration(
        'auth',
        '0004_quiet.sql',
        sqlMigration('CREATE TABLE t4 (id int);', 'DROP TABLE t4;\nSELECT quiet_mode();'),
      );
      const config = await fx.project.config();
      expect((await applyMigrations(config, fx.db)).failure).toBeNull();
      const result = await rollbackMigrations(config, fx.db, { service: 'auth', to: 2 });
      // With 0004's setting carried into 0003's rollback, the foreign key would not be checked.
      expect(result.rolledBack.map((step) => step.id)).toEqual([4]);
      expect(result.failure).toMatchObject({ id: 3, sqlState: '23503' });
      const parents = await fx.db.query<{ count: string }>(
        'SELECT count(*)::text AS count FROM auth.parents',
      );
      expect(parents.rows[0]?.count).toBe('1');
    });

    it("runs alone a down section that names dbward's savepoint, so it cannot undo itself unseen", async () => {
      await fx.project.writeMigration('auth', '0002_t2.sql', createTableMigration('t2'));
      await fx.project.writeMigration(
        'auth',
        '0003_odd.sql',
        sqlMigration(
          'CREATE TABLE t3 (id int);',
          'DROP TABLE t3;\nROLLBACK TO SAVEPOINT dbward_rollback_step;',
        ),
      );
      const config = await fx.project.config();
      expect((await applyMigrations(config, fx.db)).failure).toBeNull();
      const result = await rollbackMigrations(config, fx.db, { service: 'auth', to: 1 });
      expect(result.failure).toMatchObject({ id: 3 });
      expect(await appliedIds(fx.db)).toEqual([1, 2, 3]);
      expect(await relationExists(fx.db, 'auth.t3')).toBe(true);
    });

    it('runs a down section with SET LOCAL in a transaction of its own', async () => {
      await fx.project.writeMigration('auth', '0002_t2.sql', createTableMigration('t2'));
      await fx.project.writeMigration(
        'auth',
        '0003_local.sql',
        sqlMigration(
          'CREATE TABLE t3 (id int);',
          `SET LOCAL statement_timeout = '1min';\nDROP TABLE t3;\n${logged(3)}`,
        ),
      );
      await fx.project.writeMigration(
        'auth',
        '0004_t4.sql',
        sqlMigration('CREATE TABLE t4 (id int);', `DROP TABLE t4;\n${logged(4)}`),
      );
      const config = await fx.project.config();
      expect((await applyMigrations(config, fx.db)).failure).toBeNull();
      const result = await rollbackMigrations(config, fx.db, { service: 'auth', to: 1 });
      expect(result.failure).toBeNull();
      expect(await appliedIds(fx.db)).toEqual([1]);
      const log = await fx.db.query<{ xid: string }>('SELECT xid FROM auth.rollback_log');
      expect(new Set(log.rows.map((row) => row.xid)).size).toBe(2);
    });
  });
}

for (const backend of serverBackends()) {
  describe(`${backend.name}: a round trip of rollbacks that cannot be kept in part`, () => {
    let project: MigrationProject;
    let drop: () => Promise<void>;
    let db: Db;
    let other: Db;

    beforeEach(async () => {
      const database = await backend.createDatabase();
      drop = database.drop;
      project = await createMigrationProject(database, ['auth'], { statementTimeout: '300ms' });
      db = await database.open();
      other = await database.open();
    });
    afterEach(async () => {
      await other.close();
      await db.close();
      await project.remove();
      await drop();
    });

    it('blames the right migration when the commit that keeps the rollbacks before a failure fails', async () => {
      await project.writeMigration(
        'auth',
        '0001_base.sql',
        sqlMigration(
          'CREATE TABLE p (id int PRIMARY KEY);\nCREATE TABLE c (pid int REFERENCES p DEFERRABLE INITIALLY DEFERRED);\nINSERT INTO p VALUES (1);\nINSERT INTO c VALUES (1);',
          'DROP TABLE c;\nDROP TABLE p;',
        ),
      );
      await project.writeMigration('auth', '0002_s.sql', createTableMigration('s'));
      await project.writeMigration('auth', '0003_x.sql', createTableMigration('x'));
      await project.writeMigration('auth', '0004_y.sql', createTableMigration('y'));
      const config = await project.config();
      expect((await applyMigrations(config, db)).failure).toBeNull();
      // Dropping x empties p (an event trigger: plain DDL to the eye), so 0003's rollback breaks the
      // deferred foreign key at its commit; 0002's DROP TABLE s waits on a lock past statementTimeout.
      await db.exec(`CREATE FUNCTION public.empty_p() RETURNS event_trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_event_trigger_dropped_objects() WHERE object_identity = 'auth.x') THEN
    DELETE FROM auth.p;
  END IF;
END$$;
CREATE EVENT TRIGGER empty_p ON sql_drop EXECUTE FUNCTION public.empty_p();`);
      await other.exec('BEGIN; LOCK TABLE auth.s IN ACCESS SHARE MODE');
      try {
        const result = await rollbackMigrations(config, db, { service: 'auth', count: 3 });
        // As with a transaction each: 0004 rolled back, then 0003 fails at its commit.
        expect(result.rolledBack.map((step) => step.id)).toEqual([4]);
        expect(result.failure).toMatchObject({ id: 3, sqlState: '23503' });
        expect(await appliedIds(db)).toEqual([1, 2, 3]);
      } finally {
        await other.exec('ROLLBACK');
        await db.exec('DROP EVENT TRIGGER empty_p');
      }
    });

    it('names the statement a statement timeout stopped inside a round trip, up and down, without running it again', async () => {
      await project.writeMigration('auth', '0001_t1.sql', createTableMigration('t1'));
      await project.writeMigration('auth', '0002_t2.sql', createTableMigration('t2'));
      // The second statement of each section waits for a lock past statementTimeout (300ms).
      await project.writeMigration(
        'auth',
        '0003_two.sql',
        sqlMigration(
          'CREATE TABLE z (id int);\n  ALTER TABLE t1 ADD COLUMN z int;',
          'DROP TABLE z;\n    DROP TABLE t2;',
        ),
      );
      await project.writeMigration('auth', '0004_t4.sql', createTableMigration('t4'));
      const config = await project.config();
      // 0001 commits alone; 0002, 0003 and 0004 go in one round trip, which stops in 0003.
      expect((await applyMigrations(config, db, { to: 1 })).failure).toBeNull();
      await other.exec('BEGIN; LOCK TABLE auth.t1 IN ACCESS SHARE MODE');
      const up = await applyMigrations(config, db);
      await other.exec('ROLLBACK');
      expect(up.failure).toMatchObject({
        id: 3,
        sqlState: '57014',
        position: { file: 'migrations/auth/0003_two.sql', line: 3, column: 3 },
      });
      expect(await appliedIds(db)).toEqual([1, 2]);

      expect((await applyMigrations(config, db)).failure).toBeNull();
      await other.exec('BEGIN; LOCK TABLE auth.t2 IN ACCESS SHARE MODE');
      const down = await rollbackMigrations(config, db, { service: 'auth', to: 0 });
      await other.exec('ROLLBACK');
      expect(down.rolledBack.map((step) => step.id)).toEqual([4]);
      expect(down.failure).toMatchObject({
        id: 3,
        sqlState: '57014',
        position: { file: 'migrations/auth/0003_two.sql', line: 7, column: 5 },
      });
      expect(await appliedIds(db)).toEqual([1, 2, 3]);
      expect(await relationExists(db, 'auth.z')).toBe(true);
    });

    it('reports a connection lost in the middle of a round trip as that failure, without a crash', async () => {
      for (const id of [1, 2, 3])
        await project.writeMigration('auth', `000${id}_t${id}.sql`, createTableMigration(`t${id}`));
      await project.writeConfig({ statementTimeout: '0' });
      const config = await project.config();
      expect((await applyMigrations(config, db)).failure).toBeNull();
      const pid = (await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid;
      // 0002's DROP TABLE t2 waits for this lock; the connection is cut while it waits.
      await other.exec('BEGIN; LOCK TABLE auth.t2 IN ACCESS SHARE MODE');
      const rollback = rollbackMigrations(config, db, { service: 'auth', to: 0 });
      await new Promise((resolve) => setTimeout(resolve, 700));
      await other.query('SELECT pg_terminate_backend($1)', [pid]);
      await other.exec('ROLLBACK');
      const result = await rollback;
      expect(result.failure).toMatchObject({ sqlState: '57P01' });
      // One transaction: 0003's rollback went with it.
      expect(await appliedIds(other)).toEqual([1, 2, 3]);
    });

    it('reports a connection lost in the middle of a round trip of up as that failure, without a crash', async () => {
      await project.writeMigration('auth', '0001_t1.sql', createTableMigration('t1'));
      await project.writeConfig({ statementTimeout: '0' });
      const config = await project.config();
      expect((await applyMigrations(config, db)).failure).toBeNull();
      await project.writeMigration('auth', '0002_t2.sql', createTableMigration('t2'));
      await project.writeMigration(
        'auth',
        '0003_t1_z.sql',
        sqlMigration('ALTER TABLE t1 ADD COLUMN z int;', 'ALTER TABLE t1 DROP COLUMN z;'),
      );
      await project.writeMigration('auth', '0004_t4.sql', createTableMigration('t4'));
      const pid = (await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid;
      await other.exec('BEGIN; LOCK TABLE auth.t1 IN ACCESS SHARE MODE');
      const up = applyMigrations(config, db);
      await new Promise((resolve) => setTimeout(resolve, 700));
      await other.query('SELECT pg_terminate_backend($1)', [pid]);
      await other.exec('ROLLBACK');
      const result = await up;
      // The history cannot be read on a lost connection; the statements the server completed tell
      // that 0002 committed and 0003 was the one running.
      expect(result.failure).toMatchObject({
        id: 3,
        sqlState: '57P01',
        position: { file: 'migrations/auth/0003_t1_z.sql', line: 2, column: 1 },
      });
      expect(result.services[0]?.applied.map((step) => step.id)).toEqual([2]);
      expect((await readAppliedMigrations(other, 'auth')).map((row) => row.id)).toEqual([1, 2]);
    });
  });
}
