import { describe, expect, it } from 'vitest';
import { testBackends } from '../../test/harness/backends.js';
import {
  createTableMigration,
  sqlMigration,
  useMigrationProject,
} from '../../test/migrations/migration-project.js';
import type { Db } from '../db/db.js';
import { applyMigrations } from './apply-migrations.js';
import { readAppliedMigrations } from './history-table.js';
import { migrationStatus } from './migration-status.js';
import { parsedMigrationFileCount } from './parse-migration-file.js';
import { rollbackMigrations } from './rollback-migrations.js';
import { verifyMigrations } from './verify-migrations.js';

async function tableNames(db: Db, schema: string): Promise<string[]> {
  const result = await db.query<{ name: string }>(
    "SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind = 'r' ORDER BY 1",
    [schema],
  );
  return result.rows.map((row) => row.name);
}

for (const backend of testBackends()) {
  describe(`${backend.name}: applyMigrations and rollbackMigrations`, () => {
    const fx = useMigrationProject(backend, ['auth', 'leaves'], {
      scope: 'all',
      setup: async (project) => {
        await project.writeMigration(
          'auth',
          '0001_users.sql',
          createTableMigration('users', 'id int PRIMARY KEY'),
        );
        await project.writeMigration(
          'auth',
          '0002_sessions.sql',
          sqlMigration(
            'CREATE TABLE sessions (id int PRIMARY KEY, user_id int REFERENCES users (id));',
            'DROP TABLE sessions;',
          ),
        );
        await project.writeMigration('leaves', '0001_requests.sql', createTableMigration('requests'));
      },
    });

    it('dry run plans in config order and changes nothing', async () => {
      const result = await applyMigrations(await fx.project.config(), fx.db, { dryRun: true });
      expect(result.dryRun).toBe(true);
      expect(result.services.map((s) => [s.service, s.pending.map((ref) => ref.id)])).toEqual([
        ['auth', [1, 2]],
        ['leaves', [1]],
      ]);
      expect(await tableNames(fx.db, 'auth')).toEqual([]);
    });

    it('applies up to --to, then the rest, recording history rows with down SQL', async () => {
      const config = await fx.project.config();
      const first = await applyMigrations(config, fx.db, { services: ['auth'], to: 1 });
      expect(first.failure).toBeNull();
      expect(first.services.map((s) => [s.service, s.applied.map((a) => a.id)])).toEqual([['auth', [1]]]);
      expect(await tableNames(fx.db, 'auth')).toEqual(['dbward_migrations', 'users']);

      const events: string[] = [];
      const rest = await applyMigrations(config, fx.db, {
        onProgress: (event) => events.push(`${event.kind}:${'file' in event ? event.file : ''}`),
      });
      expect(rest.failure).toBeNull();
      expect(rest.services.map((s) => [s.service, s.applied.map((a) => a.id)])).toEqual([
        ['auth', [2]],
        ['leaves', [1]],
      ]);
      expect(events).toEqual([
        'applied:migrations/auth/0002_sessions.sql',
        'applied:migrations/leaves/0001_requests.sql',
      ]);
      const history = await readAppliedMigrations(fx.db, 'auth');
      expect(history.map((row) => [row.id, row.name, row.file, row.kind])).toEqual([
        [1, 'users', 'migrations/auth/0001_users.sql', 'applied'],
        [2, 'sessions', 'migrations/auth/0002_sessions.sql', 'applied'],
      ]);
      expect(history[1]?.downSql).toBe('DROP TABLE sessions;\n');
      expect(history[0]?.appliedBy).toMatch(/^\S+ via \S+@\S+$/);
      expect(history[0]?.durationMs).toBeGreaterThanOrEqual(0);
    });

    it('applies nothing the second time', async () => {
      const again = await applyMigrations(await fx.project.config(), fx.db);
      expect(again.services.flatMap((s) => s.applied)).toEqual([]);
      expect(again.failure).toBeNull();
    });

    it('parses only pending files: status, verify and up check applied ones by checksum', async () => {
      const config = await fx.project.config();
      const parsedSince = (() => {
        let mark = parsedMigrationFileCount();
        return () => {
          const count = parsedMigrationFileCount() - mark;
          mark = parsedMigrationFileCount();
          return count;
        };
      })();
      await fx.project.writeMigration(
        'auth',
        '0003_tokens.sql',
        '-- migrate:up\nCREATE TABLE tokens (id int);\n-- migrate:down\nDROP TABLE tokenz extra;\n',
      );
      const blocked = await applyMigrations(config, fx.db);
      expect(blocked.problems.map((problem) => problem.message)).toEqual([
        'migrations/auth/0003_tokens.sql:4:19: syntax error at or near "extra"',
      ]);
      expect(await tableNames(fx.db, 'auth')).not.toContain('tokens');
      expect(parsedSince()).toBe(1);

      await fx.project.writeMigration('auth', '0003_tokens.sql', createTableMigration('tokens'));
      const status = await migrationStatus(config, fx.db);
      expect(status.services.map((service) => service.pending.map((ref) => ref.id))).toEqual([[3], []]);
      expect(status.ok).toBe(true);
      expect(parsedSince()).toBe(1);
      const applied = await applyMigrations(config, fx.db);
      expect(applied.services.map((service) => service.applied.map((step) => step.id))).toEqual([[3], []]);
      expect(parsedSince()).toBe(1);
      expect((await verifyMigrations(config, fx.db)).ok).toBe(true);
      expect(parsedSince()).toBe(0);

      expect(
        (await rollbackMigrations(config, fx.db, { service: 'auth' })).rolledBack.map((step) => step.id),
      ).toEqual([3]);
      await fx.project.removeMigration('auth', '0003_tokens.sql');
    });

    it('rolls back the newest one by default, then everything with to 0', async () => {
      const config = await fx.project.config();
      const one = await rollbackMigrations(config, fx.db, { service: 'auth' });
      expect(one.failure).toBeNull();
      expect(one.rolledBack.map((step) => step.id)).toEqual([2]);
      expect(await tableNames(fx.db, 'auth')).toEqual(['dbward_migrations', 'users']);
      await applyMigrations(config, fx.db);
      const all = await rollbackMigrations(config, fx.db, { service: 'auth', to: 0 });
      expect(all.rolledBack.map((step) => step.id)).toEqual([2, 1]);
      expect(await tableNames(fx.db, 'auth')).toEqual(['dbward_migrations']);
      expect(await readAppliedMigrations(fx.db, 'auth')).toEqual([]);
      expect((await readAppliedMigrations(fx.db, 'leaves')).map((row) => row.id)).toEqual([1]);
    });

    it('records each migration of a shared round trip with its own start and duration, not the batch', async () => {
      const config = await fx.project.config();
      for (const id of [3, 4, 5])
        await fx.project.writeMigration(
          'leaves',
          `000${id}_slow.sql`,
          sqlMigration('SELECT pg_sleep(0.3);', 'SELECT 1;'),
        );
      const result = await applyMigrations(config, fx.db, { services: ['leaves'] });
      expect(result.failure).toBeNull();
      const rows = (await readAppliedMigrations(fx.db, 'leaves')).filter((row) => row.id >= 3);
      expect(rows.map((row) => row.id)).toEqual([3, 4, 5]);
      for (const row of rows) {
        expect(row.durationMs).toBeGreaterThanOrEqual(290);
        // Measured from the batch's start, the second and third would be 600 and 900 ms or more.
        expect(row.durationMs).toBeLessThan(580);
      }
      const started = rows.map((row) => row.appliedAt.getTime());
      expect((started[1] ?? 0) - (started[0] ?? 0)).toBeGreaterThanOrEqual(290);
      expect((started[2] ?? 0) - (started[1] ?? 0)).toBeGreaterThanOrEqual(290);
      await rollbackMigrations(config, fx.db, { service: 'leaves', to: 1 });
      for (const id of [3, 4, 5]) await fx.project.removeMigration('leaves', `000${id}_slow.sql`);
    });
  });
}
