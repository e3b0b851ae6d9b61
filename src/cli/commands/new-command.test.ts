import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../../../test/harness/run-cli.js';
import { parseMigrationText } from '../../migrations/parse-migration-file.js';
import { loadSqlParser } from '../../migrations/sql-parser.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dbward-new-'));
  await writeFile(join(dir, 'dbward.config.json'), JSON.stringify({ services: { auth: {}, leaves: {} } }));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('dbward new', () => {
  it('writes 0001 in an empty service, with both sections, parsable', async () => {
    const run = await runCliInProcess(['--cwd', dir, 'new', 'auth', 'Add users table']);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe('created migrations/auth/0001_add_users_table.sql\n');
    const text = await readFile(join(dir, 'migrations/auth/0001_add_users_table.sql'), 'utf8');
    await loadSqlParser();
    const parsed = parseMigrationText(text, {
      path: 'x',
      absolutePath: 'x',
      fileName: '0001_add_users_table.sql',
    });
    expect(parsed.problems).toEqual([]);
    expect(parsed.up).not.toBeNull();
    expect(parsed.down).not.toBeNull();
    expect(parsed.description).toBe('Add users table');
  });

  it('numbers after the highest id and keeps its width', async () => {
    await mkdir(join(dir, 'migrations/leaves'), { recursive: true });
    await writeFile(join(dir, 'migrations/leaves/007_a.sql'), '-- migrate:up\n');
    await writeFile(join(dir, 'migrations/leaves/012_b.sql'), '-- migrate:up\n');
    await writeFile(join(dir, 'migrations/leaves/README.md'), 'not a migration');
    const run = await runCliInProcess(['--cwd', dir, '--format', 'json', 'new', 'leaves', 'half', 'day']);
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      service: 'leaves',
      id: 13,
      path: 'migrations/leaves/013_half_day.sql',
    });
    expect((await readdir(join(dir, 'migrations/leaves'))).sort()).toContain('013_half_day.sql');
  });

  it('writes a TypeScript migration with --ts', async () => {
    const run = await runCliInProcess(['--cwd', dir, 'new', 'auth', 'backfill', '--ts']);
    expect(run.exitCode).toBe(0);
    const text = await readFile(join(dir, 'migrations/auth/0001_backfill.ts'), 'utf8');
    expect(text).toMatch(/export async function up\(db: DbSession\)/);
    expect(text).toMatch(/export async function down\(db: DbSession\)/);
  });

  it('exits 2 for an unknown service or a name without letters', async () => {
    expect((await runCliInProcess(['--cwd', dir, 'new', 'payroll', 'x'])).exitCode).toBe(2);
    const blank = await runCliInProcess(['--cwd', dir, 'new', 'auth', '!!']);
    expect(blank.exitCode).toBe(2);
    expect(blank.stderr).toContain('has no letters or digits');
  });
});
