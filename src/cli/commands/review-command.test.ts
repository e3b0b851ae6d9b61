import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { closedPort } from '../../../test/harness/closed-port.js';
import { runCliInProcess } from '../../../test/harness/run-cli.js';
import { createReviewProject, migration, type ReviewProject } from '../../../test/review/review-project.js';
import type { DatabaseTarget } from '../../config/resolved-config.js';
import { openPgliteDb } from '../../db/pglite-db.js';

const projects: ReviewProject[] = [];
afterEach(async () => {
  for (const project of projects.splice(0)) await project.remove();
});

async function project(files: Record<string, string>, target?: DatabaseTarget): Promise<ReviewProject> {
  const created = await createReviewProject({ services: ['auth'], files, target });
  projects.push(created);
  return created;
}

const SESSIONS = migration('CREATE TABLE sessions (id bigint PRIMARY KEY);', 'DROP TABLE sessions;');

describe('dbward review', () => {
  it('exits 1 on an unacknowledged error and shows it with file:line:column and a caret', async () => {
    const p = await project({
      'auth/0001_sessions.sql': SESSIONS,
      'auth/0002_drop.sql': migration('SELECT 1;\n  DROP TABLE sessions;', 'SELECT 1;'),
    });
    const run = await runCliInProcess(['--cwd', p.dir, 'review', '--no-cache']);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('error[drop-table]');
    expect(run.stdout).toContain('--> migrations/auth/0002_drop.sql:3:3');
    expect(run.stdout).toMatch(/3 \| {3}DROP TABLE sessions\n\s+\| {3}\^/);
    expect(run.stdout).toContain('review failed: 1 error');
  });

  it('exits 0 when the error is acknowledged, and lists it as acknowledged in JSON', async () => {
    const p = await project({
      'auth/0001_sessions.sql': SESSIONS,
      'auth/0002_drop.sql': migration(
        '-- dbward:allow drop-table reason="replaced by auth.tokens in 0001"\nDROP TABLE sessions;',
        'SELECT 1;',
      ),
    });
    const run = await runCliInProcess(['--cwd', p.dir, '--format', 'json', 'review', '--no-cache']);
    expect(run.exitCode).toBe(0);
    const report = JSON.parse(run.stdout);
    const drop = report.findings.find((f: { rule: string }) => f.rule === 'drop-table');
    expect(drop).toMatchObject({
      file: 'migrations/auth/0002_drop.sql',
      line: 3,
      acknowledged: true,
      reason: 'replaced by auth.tokens in 0001',
    });
    expect(report.summary).toMatchObject({ errors: 0, acknowledged: 1, files: 2 });
  });

  it('writes SARIF and GitHub annotations for the given paths only', async () => {
    const p = await project({
      'auth/0001_sessions.sql': SESSIONS,
      'auth/0002_drop.sql': migration('DROP TABLE sessions;', 'SELECT 1;'),
    });
    const sarif = await runCliInProcess([
      '--cwd',
      p.dir,
      'review',
      'migrations/auth/0002_drop.sql',
      '--format',
      'sarif',
    ]);
    expect(sarif.exitCode).toBe(1);
    const log = JSON.parse(sarif.stdout);
    expect(log.version).toBe('2.1.0');
    expect(log.runs[0].results.map((r: { ruleId: string }) => r.ruleId)).toEqual(['drop-table']);
    const github = await runCliInProcess(['--cwd', p.dir, '--format', 'github', 'review', 'migrations/auth']);
    expect(github.exitCode).toBe(1);
    expect(github.stdout).toMatch(
      /^::error file=migrations\/auth\/0002_drop\.sql,line=2,col=\d+,title=drop-table::/m,
    );
  });

  it('exits 2 on bad usage: paths with --all, an unknown service, sarif for another command', async () => {
    const p = await project({ 'auth/0001_sessions.sql': SESSIONS });
    const both = await runCliInProcess(['--cwd', p.dir, 'review', '--all', 'migrations/auth']);
    expect(both.exitCode).toBe(2);
    expect(both.stderr).toContain('review: give paths or --all, not both');
    const unknown = await runCliInProcess(['--cwd', p.dir, 'review', '--service', 'billing']);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain('review --service billing: no such service');
    const notAMigration = await runCliInProcess(['--cwd', p.dir, 'review', 'dbward.config.json']);
    expect(notAMigration.exitCode).toBe(2);
    const doctor = await runCliInProcess(['--cwd', p.dir, '--format', 'sarif', 'doctor']);
    expect(doctor.exitCode).toBe(2);
    expect(doctor.stderr).toContain('--format sarif is only for: review');
    const bogus = await runCliInProcess(['--cwd', p.dir, '--format', 'xml', 'review']);
    expect(bogus.exitCode).toBe(2);
  });

  it('exits 2 at the key for a review.rules id that names no rule, suggesting the one meant', async () => {
    const p = await project({ 'auth/0001_sessions.sql': SESSIONS });
    await p.configure({ review: { rules: { 'prefer-text-over-chr': 'off', 'drop-table': 'warning' } } });
    const run = await runCliInProcess(['--cwd', p.dir, 'review', '--no-cache']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(
      'dbward.config.json:7:7: review.rules.prefer-text-over-chr: no rule has this id (did you mean "prefer-text-over-char"?)',
    );
    expect(run.stderr).not.toContain('drop-table');
    await p.configure({ review: { rules: { 'drop-table': 'warning' } } });
    expect((await runCliInProcess(['--cwd', p.dir, 'review', '--no-cache'])).exitCode).toBe(0);
  });

  it('says why the database could not be used, without its password, and reviews every file', async () => {
    const port = await closedPort();
    const url = `postgres://app:s3cret-pw@127.0.0.1:${port}/kronos`;
    const p = await project(
      {
        'auth/0001_sessions.sql': SESSIONS,
        'auth/0002_drop.sql': migration('DROP TABLE sessions;', 'SELECT 1;'),
      },
      { kind: 'url', url },
    );
    const run = await runCliInProcess(['--cwd', p.dir, '--format', 'json', 'review', '--no-cache']);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(
      'warning: the database is not reachable, so this review has no pending selection',
    );
    expect(run.stderr).toContain(`postgres://app:***@127.0.0.1:${port}/kronos`);
    expect(run.stderr).not.toContain('s3cret-pw');
    expect(JSON.parse(run.stdout).summary.files).toBe(2);
  });

  it('says so when the embedded database is in use by another process', async () => {
    const p = await project({ 'auth/0001_sessions.sql': SESSIONS });
    // The default embedded database of the project, held open as another process would.
    const holder = await openPgliteDb({ dataDir: path.join(p.dir, '.dbward', 'pgdata') });
    try {
      const run = await runCliInProcess(['--cwd', p.dir, 'review', '--no-cache']);
      expect(run.stderr).toContain('warning: the database is not reachable');
      expect(run.stderr).toContain('the embedded database serves one process at a time');
    } finally {
      await holder.close();
    }
    // Closed again: the review uses it, and says nothing.
    const again = await runCliInProcess(['--cwd', p.dir, 'review', '--no-cache']);
    expect(again.stderr).not.toContain('not reachable');
  });

  it('with --since and no change, says that no migration file changed since the ref', async () => {
    const p = await project({ 'auth/0001_sessions.sql': SESSIONS });
    // A database that answers: the default selection would be the pending migrations.
    await (await openPgliteDb({ dataDir: path.join(p.dir, '.dbward', 'pgdata') })).close();
    const git = (...args: string[]) => promisify(execFile)('git', args, { cwd: p.dir });
    await git('init', '-q');
    await git('add', 'migrations');
    await git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'base');
    await p.write('.gitignore', '.dbward/\n');
    const run = await runCliInProcess(['--cwd', p.dir, 'review', '--since', 'HEAD', '--no-cache']);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('nothing to review: no migration file changed since HEAD\n');
    expect(run.stdout).not.toContain('pending');
  });
});
