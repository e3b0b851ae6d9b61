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
  it('refuses an unacknowledged error, printing it; --force applies and stores the reason on the forced migration', async () => {
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
        'auth/0003_audit_log.sql': migration(
          'CREATE TABLE audit_log (id bigint PRIMARY KEY);',
          'DROP TABLE audit_log;',
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
    // Commander would take --dry-run as the reason and apply for real.
    const optionAsReason = await runCliInProcess(['--cwd', p.dir, 'up', '--force', '--dry-run']);
    expect(optionAsReason.exitCode).toBe(2);
    expect(optionAsReason.stderr).toContain('"--dry-run" looks like an option, not a reason');
    const twoLines = await runCliInProcess(['--cwd', p.dir, 'up', '--force', 'ok\n  0099  fake']);
    expect(twoLines.exitCode).toBe(2);
    expect(twoLines.stderr).toContain('without newlines');

    // A dry run and the --sql script are gated like the real run.
    const dry = await runCliInProcess(['--cwd', p.dir, 'up', '--dry-run']);
    expect(dry.exitCode).toBe(1);
    expect(dry.stdout).toContain('error[drop-table]');
    expect(dry.stdout).not.toContain('would apply');
    const script = await runCliInProcess(['--cwd', p.dir, 'up', '--sql']);
    expect(script.exitCode).toBe(1);
    expect(script.stdout).toBe('');
    expect(script.stderr).toContain('error[drop-table]');
    const forcedScript = await runCliInProcess([
      '--cwd',
      p.dir,
      'up',
      '--sql',
      '--force',
      'approved in OPS-42',
    ]);
    expect(forcedScript.exitCode).toBe(0);
    // The reason goes on the row of the migration whose error was forced, not on 0003's.
    expect(forcedScript.stdout.split("'approved in OPS-42'")).toHaveLength(2);
    // An agent gets the findings that blocked the run as data.
    const asJson = await runCliInProcess(['--cwd', p.dir, '--format', 'json', 'up']);
    expect(asJson.exitCode).toBe(1);
    const error = JSON.parse(asJson.stdout).error;
    expect(error.code).toBe('review-gate');
    expect(
      error.findings.map((finding: { rule: string; line: number }) => [finding.rule, finding.line]),
    ).toEqual([['drop-table', 2]]);
    expect(error.summary.errors).toBe(1);
    const stillOne = await openPgliteDb({ dataDir: path.join(p.dir, '.dbward/pgdata') });
    try {
      expect((await readAppliedMigrations(stillOne, 'auth')).map((row) => row.id)).toEqual([1]);
    } finally {
      await stillOne.close();
    }

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
        [3, null],
      ]);
    } finally {
      await db.close();
    }
  });
});
