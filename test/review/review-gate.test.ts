import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/db.js';
import { applyMigrations } from '../../src/migrations/apply-migrations.js';
import { readAppliedMigrations } from '../../src/migrations/history-table.js';
import { ReviewGateError, reviewGate } from '../../src/review/review-gate.js';
import type { ReviewReport } from '../../src/review/review-migrations.js';
import { type TestDatabase, testBackends } from '../harness/backends.js';
import { createReviewProject, migration, type ReviewProject } from './review-project.js';

for (const backend of testBackends()) {
  describe(backend.name, () => {
    let database: TestDatabase;
    let project: ReviewProject;
    let db: Db;

    beforeAll(async () => {
      database = await backend.createDatabase();
      project = await createReviewProject({
        services: ['auth'],
        target: database.target,
        files: {
          'auth/0001_sessions.sql': migration(
            'CREATE TABLE sessions (id bigint PRIMARY KEY);',
            'DROP TABLE sessions;',
          ),
          'auth/0002_drop_sessions.sql': migration(
            'DROP TABLE sessions;',
            'CREATE TABLE sessions (id bigint);',
          ),
        },
      });
      db = await database.open();
      const first = await applyMigrations(await project.load(), db, { to: 1 });
      expect(first.services[0]?.applied.map((step) => step.id)).toEqual([1]);
    });

    afterAll(async () => {
      await db?.close();
      await project?.remove();
      await database?.drop();
    });

    it('refuses to apply a migration with an unacknowledged error and applies nothing', async () => {
      const config = await project.load();
      const seen: { report: ReviewReport; blocked: boolean }[] = [];
      const run = applyMigrations(config, db, {
        beforeApply: reviewGate(config, db, {
          onReport: (report, blocked) => seen.push({ report, blocked }),
        }),
      });
      await expect(run).rejects.toBeInstanceOf(ReviewGateError);
      await expect(run).rejects.toMatchObject({ exitCode: 1, code: 'review-gate' });
      expect(seen).toHaveLength(1);
      expect(seen[0]?.blocked).toBe(true);
      expect(seen[0]?.report.files).toEqual(['migrations/auth/0002_drop_sessions.sql']);
      expect(seen[0]?.report.findings.map((f) => [f.rule, f.line])).toEqual([['drop-table', 2]]);
      expect((await readAppliedMigrations(db, 'auth')).map((row) => row.id)).toEqual([1]);
    });

    it('rejects --force with an empty reason as bad usage', async () => {
      const config = await project.load();
      expect(() => reviewGate(config, db, { force: '  ' })).toThrow(expect.objectContaining({ exitCode: 2 }));
    });

    it('applies with --force and stores the reason in the history row', async () => {
      const config = await project.load();
      const reason = 'sessions moved to redis; approved in OPS-42';
      const result = await applyMigrations(config, db, {
        beforeApply: reviewGate(config, db, { force: reason }),
        forcedReason: reason,
      });
      expect(result.failure).toBeNull();
      const rows = await readAppliedMigrations(db, 'auth');
      expect(rows.map((row) => [row.id, row.forcedReason])).toEqual([
        [1, null],
        [2, reason],
      ]);
    });
  });
}
