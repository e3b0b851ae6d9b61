import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { parsedMigrationFileCount } from '../../src/migrations/parse-migration-file.js';
import { reviewMigrations } from '../../src/review/review-migrations.js';
import { createReviewProject, migration, type ReviewProject } from './review-project.js';
import { TEST_RULES } from './review-test-rules.js';

const projects: ReviewProject[] = [];
afterEach(async () => {
  for (const project of projects.splice(0)) await project.remove();
});

async function project(
  files: Record<string, string>,
  extra?: Record<string, unknown>,
): Promise<ReviewProject> {
  const created = await createReviewProject({ services: ['auth', 'leaves'], files, extra });
  projects.push(created);
  return created;
}

const CREATE_SESSIONS = migration('CREATE TABLE sessions (id bigint PRIMARY KEY);', 'DROP TABLE sessions;');

describe('reviewMigrations: schema context', () => {
  it('sees tables created by earlier migrations of the service, not those created in the same file', async () => {
    const p = await project({
      'auth/0001_sessions.sql': CREATE_SESSIONS,
      'auth/0002_drop_sessions.sql': migration('-- gone\n  DROP TABLE sessions;'),
      'auth/0003_temp.sql': migration('CREATE TABLE scratch (id int);\nDROP TABLE scratch;'),
    });
    const report = await reviewMigrations(await p.load(), { all: true, rules: TEST_RULES, cache: false });
    expect(report.files).toEqual([
      'migrations/auth/0001_sessions.sql',
      'migrations/auth/0002_drop_sessions.sql',
      'migrations/auth/0003_temp.sql',
    ]);
    expect(report.findings.map((f) => [f.rule, f.file, f.line, f.column, f.severity, f.target])).toEqual([
      ['drop-table', 'migrations/auth/0002_drop_sessions.sql', 3, 14, 'error', 'auth.sessions'],
    ]);
    expect(report.findings[0]?.statement).toBe('DROP TABLE sessions');
    expect(report.summary).toEqual({ errors: 1, warnings: 0, acknowledged: 0, files: 3 });
  });

  it("replays other services' earlier migrations too, each in its own schema", async () => {
    const p = await project({
      'auth/0001_sessions.sql': CREATE_SESSIONS,
      'leaves/0002_drop_auth_sessions.sql': migration('DROP TABLE auth.sessions;\nDROP TABLE sessions;'),
    });
    const report = await reviewMigrations(await p.load(), {
      paths: ['migrations/leaves'],
      rules: TEST_RULES,
      cache: false,
    });
    expect(report.files).toEqual(['migrations/leaves/0002_drop_auth_sessions.sql']);
    // auth.sessions exists before; leaves.sessions does not, so that DROP would fail.
    expect(report.findings.map((f) => [f.rule, f.target, f.line])).toEqual([
      ['drop-table', 'auth.sessions', 1 + 1],
      ['shadow-apply-failed', null, 3],
    ]);
  });

  it('reports a migration that fails on the shadow, and reviews later files without it', async () => {
    const p = await project({
      'auth/0001_broken.sql': migration(
        'CREATE TABLE sessions (id bigint PRIMARY KEY);\nALTER TABLE nope ADD COLUMN x int;',
      ),
      'auth/0002_drop.sql': migration('DROP TABLE sessions;'),
    });
    const report = await reviewMigrations(await p.load(), { all: true, rules: TEST_RULES, cache: false });
    expect(report.findings.map((f) => [f.rule, f.file, f.line, f.column, f.severity])).toEqual([
      ['shadow-apply-failed', 'migrations/auth/0001_broken.sql', 3, 1, 'warning'],
    ]);
    expect(report.findings[0]?.message).toContain('42P01');
  });

  it.each([
    ['a table that does not exist', 'ALTER TABLE nosuch ADD COLUMN x int;', '42P01'],
    ['a table that exists already', 'CREATE TABLE sessions (id int);', '42P07'],
    ['a column that exists already', 'ALTER TABLE sessions ADD COLUMN id text;', '42701'],
  ])(
    'reports the newest migration when it would fail on %s, and answers from the cache next time',
    async (_what, sql, sqlState) => {
      const p = await project({
        'auth/0001_sessions.sql': CREATE_SESSIONS,
        'auth/0002_broken.sql': migration(`SELECT 1;\n${sql}`),
      });
      const config = await p.load();
      const cold = await reviewMigrations(config, { all: true, rules: TEST_RULES });
      expect(cold.findings.map((f) => [f.rule, f.file, f.line, f.column])).toEqual([
        ['shadow-apply-failed', 'migrations/auth/0002_broken.sql', 3, 1],
      ]);
      expect(cold.findings[0]?.message).toContain(sqlState);
      expect(cold.shadowStarted).toBe(true);
      const warm = await reviewMigrations(config, { all: true, rules: TEST_RULES });
      expect(warm.shadowStarted).toBe(false);
      expect(warm.findings).toEqual(cold.findings);
    },
  );
});

describe('reviewMigrations: acknowledgements and severities', () => {
  it('acknowledges a finding with a reason and keeps it in the result', async () => {
    const p = await project({
      'auth/0001_sessions.sql': CREATE_SESSIONS,
      'auth/0002_drop.sql': migration(
        '-- dbward:allow drop-table reason="sessions moved to redis in v4.2"\nDROP TABLE sessions;',
      ),
    });
    const report = await reviewMigrations(await p.load(), { all: true, rules: TEST_RULES, cache: false });
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]).toMatchObject({
      rule: 'drop-table',
      acknowledged: true,
      reason: 'sessions moved to redis in v4.2',
    });
    expect(report.summary).toEqual({ errors: 0, warnings: 0, acknowledged: 1, files: 2 });
  });

  it('treats an allow without a reason as an error and acknowledges nothing', async () => {
    const p = await project({
      'auth/0001_sessions.sql': CREATE_SESSIONS,
      'auth/0002_drop.sql': migration('-- dbward:allow drop-table\nDROP TABLE sessions;'),
      'auth/0003_more.sql': migration(
        'CREATE TABLE t (id int);\n-- dbward:allow drop-table reason=""\nDROP TABLE t;',
      ),
    });
    const report = await reviewMigrations(await p.load(), { all: true, rules: TEST_RULES, cache: false });
    expect(report.findings.map((f) => [f.rule, f.file, f.line, f.severity, f.acknowledged])).toEqual([
      ['acknowledgement-without-reason', 'migrations/auth/0002_drop.sql', 2, 'error', false],
      ['drop-table', 'migrations/auth/0002_drop.sql', 3, 'error', false],
      ['acknowledgement-without-reason', 'migrations/auth/0003_more.sql', 3, 'error', false],
    ]);
    expect(report.summary.errors).toBe(3);
  });

  it('warns about an allow that acknowledges nothing, and honours file-level allows', async () => {
    const p = await project({
      'auth/0001_sessions.sql': migration(
        '-- dbward:allow drop-table reason="not needed"\nCREATE TABLE sessions (id int);',
        null,
        '-- dbward:allow missing-down reason="the table is created once and never rolled back"\n',
      ),
    });
    const report = await reviewMigrations(await p.load(), { all: true, rules: TEST_RULES, cache: false });
    expect(report.findings.map((f) => [f.rule, f.line, f.severity, f.acknowledged])).toEqual([
      ['missing-down', 1, 'warning', true],
      ['unused-acknowledgement', 3, 'warning', false],
    ]);
    expect(report.findings[1]?.message).toContain('dbward:allow drop-table acknowledges nothing');
  });

  it('applies per-rule severities from the config: off drops, warning lowers', async () => {
    const files = {
      'auth/0001_sessions.sql': CREATE_SESSIONS,
      'auth/0002_drop.sql': migration('DROP TABLE sessions;', null),
    };
    const off = await project(files, { review: { rules: { 'drop-table': 'off', 'missing-down': 'error' } } });
    const offReport = await reviewMigrations(await off.load(), {
      all: true,
      rules: TEST_RULES,
      cache: false,
    });
    expect(offReport.findings.map((f) => [f.rule, f.severity])).toEqual([['missing-down', 'error']]);

    const lowered = await project(files, { review: { rules: { 'drop-table': 'warning' } } });
    const loweredReport = await reviewMigrations(await lowered.load(), {
      all: true,
      rules: TEST_RULES,
      cache: false,
    });
    expect(loweredReport.findings.map((f) => [f.rule, f.severity])).toEqual([
      ['missing-down', 'warning'],
      ['drop-table', 'warning'],
    ]);
    expect(loweredReport.summary.errors).toBe(0);
  });

  it('reports a syntax error at its exact position', async () => {
    const p = await project({
      'auth/0001_bad.sql':
        '-- migrate:up\nCREATE TABLE ok (id int);\nCREATE TABLE bad (id int,, name text);\n',
    });
    const report = await reviewMigrations(await p.load(), { all: true, rules: TEST_RULES, cache: false });
    const syntax = report.findings.filter((f) => f.rule === 'syntax-error');
    expect(syntax.map((f) => [f.file, f.line, f.column, f.severity])).toEqual([
      ['migrations/auth/0001_bad.sql', 3, 26, 'error'],
    ]);
    expect(syntax[0]?.message).toContain('syntax error at or near ","');
  });
});

describe('reviewMigrations: selection', () => {
  it('rejects an unknown service and a path that is not a migration (exit code 2)', async () => {
    const p = await project({ 'auth/0001_sessions.sql': CREATE_SESSIONS });
    const config = await p.load();
    await expect(reviewMigrations(config, { service: 'billing', rules: TEST_RULES })).rejects.toMatchObject({
      code: 'unknown-service',
      exitCode: 2,
    });
    await expect(reviewMigrations(config, { paths: ['README.md'], rules: TEST_RULES })).rejects.toMatchObject(
      {
        code: 'not-a-migration',
        exitCode: 2,
      },
    );
  });

  it('--since reviews the files changed since a git ref, committed or not', async () => {
    const p = await project({
      'auth/0001_sessions.sql': CREATE_SESSIONS,
      'auth/0002_users.sql': migration('CREATE TABLE users (id int);'),
    });
    const git = (...args: string[]) => promisify(execFile)('git', args, { cwd: p.dir });
    await git('init', '-q');
    await git(
      '-c',
      'user.name=t',
      '-c',
      'user.email=t@example.com',
      'commit',
      '-q',
      '--allow-empty',
      '-m',
      'base',
    );
    await git('add', '.');
    await git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'two');
    await p.write('migrations/auth/0002_users.sql', migration('CREATE TABLE users (id bigint);'));
    await p.write('migrations/leaves/0003_new.sql', migration('CREATE TABLE leaves (id int);'));
    const config = await p.load();
    const sinceHead = await reviewMigrations(config, { since: 'HEAD', rules: TEST_RULES, cache: false });
    expect(sinceHead.files).toEqual(['migrations/auth/0002_users.sql', 'migrations/leaves/0003_new.sql']);
    const sinceBase = await reviewMigrations(config, {
      since: 'HEAD~1',
      service: 'auth',
      rules: TEST_RULES,
      cache: false,
    });
    expect(sinceBase.files).toEqual(['migrations/auth/0001_sessions.sql', 'migrations/auth/0002_users.sql']);
    await expect(reviewMigrations(config, { since: 'no-such-ref', rules: TEST_RULES })).rejects.toMatchObject(
      {
        code: 'git-failed',
        exitCode: 2,
      },
    );
  });
  it('--since finds files whose names git would quote: non-ASCII, a space, a double quote', async () => {
    const p = await project({ 'auth/0001_sessions.sql': CREATE_SESSIONS });
    const git = (...args: string[]) => promisify(execFile)('git', args, { cwd: p.dir });
    const commit = (message: string) =>
      git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', message);
    await git('init', '-q');
    // The default, spelled out: git quotes such names in its plain output.
    await git('config', 'core.quotePath', 'true');
    await git('add', '.');
    await commit('base');
    await p.write('migrations/auth/0006_café.sql', migration('DROP TABLE sessions;'));
    await p.write('migrations/leaves/0007_a "quoted" name.sql', migration('CREATE TABLE x (id int);'));
    const expected = ['migrations/auth/0006_café.sql', 'migrations/leaves/0007_a "quoted" name.sql'];
    const config = await p.load();
    const review = (since: string) => reviewMigrations(config, { since, rules: TEST_RULES, cache: false });

    const untracked = await review('HEAD');
    expect(untracked.files).toEqual(expected);
    expect(untracked.findings.map((f) => [f.rule, f.file])).toEqual([
      ['drop-table', 'migrations/auth/0006_café.sql'],
    ]);
    await git('add', '.');
    expect((await review('HEAD')).files).toEqual(expected);
    await commit('two');
    expect((await review('HEAD~1')).files).toEqual(expected);
    const none = await review('HEAD');
    expect(none.files).toEqual([]);
    expect(none.nothingToReview).toBe('nothing to review: no migration file changed since HEAD');
    // A rename is listed by its new name (and the old one, gone, selects nothing).
    await git('mv', 'migrations/auth/0006_café.sql', 'migrations/auth/0006_crème.sql');
    expect((await review('HEAD')).files).toEqual(['migrations/auth/0006_crème.sql']);
  });
});

describe('reviewMigrations: what it says when nothing is selected', () => {
  it('names the selection that came out empty', async () => {
    const p = await project({ 'auth/0001_sessions.sql': CREATE_SESSIONS });
    const config = await p.load();
    const all = await reviewMigrations(config, { all: true, rules: TEST_RULES, cache: false });
    expect(all.nothingToReview).toBeNull();
    const leaves = await reviewMigrations(config, { service: 'leaves', rules: TEST_RULES, cache: false });
    expect(leaves.files).toEqual([]);
    expect(leaves.nothingToReview).toBe('nothing to review: service leaves has no migration files');
  });
});

describe('reviewMigrations: schema model and cache', () => {
  it('judges against the schema model, starts no shadow, and answers a second run from the cache', async () => {
    const p = await project({
      'auth/0001_sessions.sql': CREATE_SESSIONS,
      'auth/0002_drop.sql': migration('DROP TABLE sessions;'),
      'leaves/0003_x.sql': migration('CREATE TABLE x (id int);', null),
    });
    const config = await p.load();
    const cold = await reviewMigrations(config, { all: true, rules: TEST_RULES });
    expect(cold.shadowStarted).toBe(false);
    expect(cold.findings.map((f) => [f.rule, f.file])).toEqual([
      ['drop-table', 'migrations/auth/0002_drop.sql'],
      ['missing-down', 'migrations/leaves/0003_x.sql'],
    ]);
    const parsedBefore = parsedMigrationFileCount();
    const warm = await reviewMigrations(config, { all: true, rules: TEST_RULES });
    expect(warm.profile.counts.fileCacheHits).toBe(3);
    expect(warm.profile.counts.effectsComputed).toBeUndefined();
    // Answered from the cache: not one file parsed.
    expect(parsedMigrationFileCount() - parsedBefore).toBe(0);
    expect(warm.findings).toEqual(cold.findings);

    await p.write(
      'migrations/leaves/0003_x.sql',
      migration('CREATE TABLE x (id int);\nDROP TABLE auth.sessions;'),
    );
    const changed = await reviewMigrations(await loadConfig({ cwd: p.dir, env: {} }), {
      all: true,
      rules: TEST_RULES,
    });
    expect(changed.profile.counts.fileCacheHits).toBe(2);
    // Only the edited file's effects, to see whether it applies on the schema before it.
    expect(changed.profile.counts.effectsComputed).toBe(1);
    // auth.sessions is gone before 0003 (0002 dropped it): no drop-table, but the DROP would fail.
    expect(changed.findings.map((f) => [f.rule, f.file])).toEqual([
      ['drop-table', 'migrations/auth/0002_drop.sql'],
      ['shadow-apply-failed', 'migrations/leaves/0003_x.sql'],
    ]);
    const pack = JSON.parse(await readFile(path.join(p.dir, '.dbward/cache/review/pack.json'), 'utf8'));
    // Three files, and the edited one twice: its new review was appended to the journal.
    expect(Object.keys(pack.files)).toHaveLength(3);
    expect(Object.keys(pack.effects).length).toBeGreaterThanOrEqual(2);
    const journal = await readFile(path.join(p.dir, '.dbward/cache/review/pack.journal'), 'utf8');
    expect(
      journal
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line)[0]),
    ).toContain('f');
  });

  it('answers a finding that carries a data check from the cache when there is no target', async () => {
    const p = await project({
      'auth/0001_users.sql': migration('CREATE TABLE users (id bigint PRIMARY KEY, name varchar(100));'),
      'auth/0002_narrow.sql': migration('ALTER TABLE users ALTER COLUMN name TYPE varchar(10);'),
    });
    const config = await p.load();
    const cold = await reviewMigrations(config, { all: true, target: null });
    expect(cold.findings.map((f) => f.rule)).toContain('alter-column-type');
    const parsedBefore = parsedMigrationFileCount();
    const warm = await reviewMigrations(config, { all: true, target: null });
    expect(parsedMigrationFileCount() - parsedBefore).toBe(0);
    expect(warm.profile.counts.fileCacheHits).toBe(2);
    expect(warm.findings).toEqual(cold.findings);
  });

  it("keeps a file's cached review when only a schema its rules do not read changed", async () => {
    const p = await project({
      'auth/0001_sessions.sql': CREATE_SESSIONS,
      'leaves/0001_requests.sql': migration('CREATE TABLE requests (id bigint);'),
      'leaves/0002_drop.sql': migration('DROP TABLE requests;'),
    });
    const config = await p.load();
    await reviewMigrations(config, { all: true, rules: TEST_RULES });
    // A new column in auth: leaves/0002 read only the leaves schema, so its review still holds.
    await p.write(
      'migrations/auth/0001_sessions.sql',
      migration('CREATE TABLE sessions (id bigint PRIMARY KEY, token text);', 'DROP TABLE sessions;'),
    );
    const edited = await reviewMigrations(config, { all: true, rules: TEST_RULES });
    expect(edited.profile.counts.fileCacheHits).toBe(2);
    expect(edited.findings.map((f) => [f.rule, f.file])).toEqual([
      ['drop-table', 'migrations/leaves/0002_drop.sql'],
    ]);
    // Now leaves changes: the drop's review is judged again, against the new schema.
    await p.write('migrations/leaves/0001_requests.sql', migration('CREATE TABLE other (id bigint);'));
    const again = await reviewMigrations(config, { all: true, rules: TEST_RULES });
    expect(again.profile.counts.fileCacheHits).toBe(1);
    // requests no longer exists: no drop-table finding, and the DROP would fail.
    expect(again.findings.map((f) => [f.rule, f.file])).toEqual([
      ['shadow-apply-failed', 'migrations/leaves/0002_drop.sql'],
    ]);
  });

  it('falls back to the shadow for a file whose rules read a schema the model cannot vouch for', async () => {
    const p = await project({
      // CREATE TABLE AS: the model does not know the columns a query gives, so auth is inexact.
      'auth/0001_sessions.sql': migration('CREATE TABLE sessions AS SELECT 1::bigint AS id;'),
      'leaves/0001_requests.sql': migration('CREATE TABLE requests (id bigint);'),
      'leaves/0002_drop.sql': migration('DROP TABLE requests;'),
      'auth/0002_drop.sql': migration('DROP TABLE sessions;'),
    });
    const config = await p.load();
    const leavesOnly = await reviewMigrations(config, {
      paths: ['migrations/leaves'],
      rules: TEST_RULES,
      cache: false,
    });
    expect(leavesOnly.shadowStarted).toBe(false);
    expect(leavesOnly.findings.map((f) => f.target)).toEqual(['leaves.requests']);

    const all = await reviewMigrations(config, { all: true, rules: TEST_RULES, cache: false });
    // The shadow judges the drop in auth; the leaves file is still judged on the model.
    expect(all.shadowStarted).toBe(true);
    expect(all.profile.counts.shadowFallbacks).toBe(1);
    expect(all.findings.map((f) => [f.file, f.target])).toEqual([
      ['migrations/auth/0002_drop.sql', 'auth.sessions'],
      ['migrations/leaves/0002_drop.sql', 'leaves.requests'],
    ]);
  });

  it('starts no shadow at all when no rule reads the schema before a file', async () => {
    const p = await project({
      'auth/0001_sessions.sql': CREATE_SESSIONS,
      'leaves/0001_requests.sql': migration('CREATE TABLE requests (id int);', null),
    });
    const report = await reviewMigrations(await p.load(), { all: true, rules: TEST_RULES });
    expect(report.shadowStarted).toBe(false);
    expect(report.findings.map((f) => [f.rule, f.file])).toEqual([
      ['missing-down', 'migrations/leaves/0001_requests.sql'],
    ]);
  });
});
