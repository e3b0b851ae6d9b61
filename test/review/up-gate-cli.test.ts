import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openPgliteDb } from '../../src/db/pglite-db.js';
import { readAppliedMigrations } from '../../src/migrations/history-table.js';
import { runCliInProcess } from '../harness/run-cli.js';
import { createReviewProject, migration, type ReviewProject } from './review-project.js';

const projects: ReviewProject[] = [];
afterEach(async () => {
  for (const project of projects.splice(0)) await project.remove();
});

describe('dbward up: the review gate', () => {
  it('refuses an unacknowledged error, printing it; --force applies and stores the reason', async () => {
    const p = await createReviewProject({
      services: ['auth'],
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
    projects.push(p);
    expect((await runCliInProcess(['--cwd', p.dir, 'up', '--to', '1'])).exitCode).toBe(0);

    const blocked = await runCliInProcess(['--cwd', p.dir, 'up']);
    expect(blocked.exitCode).toBe(1);
    expect(blocked.stdout).toContain('error[drop-table]');
    expect(blocked.stdout).toContain('--> migrations/auth/0002_drop_sessions.sql:2:');
    expect(blocked.stderr).toContain('nothing applied');

    const emptyReason = await runCliInProcess(['--cwd', p.dir, 'up', '--force', ' ']);
    expect(emptyReason.exitCode).toBe(2);

    const reason = 'sessions moved to redis; approved in OPS-42';
    const forced = await runCliInProcess(['--cwd', p.dir, 'up', '--force', reason]);
    expect(forced.exitCode).toBe(0);
    expect(forced.stdout).toContain('error[drop-table]');

    const db = await openPgliteDb({ dataDir: path.join(p.dir, '.dbward/pgdata') });
    try {
      const rows = await readAppliedMigrations(db, 'auth');
      expect(rows.map((row) => [row.id, row.forcedReason])).toEqual([
        [1, null],
        [2, reason],
      ]);
    } finally {
      await db.close();
    }
  });
});
