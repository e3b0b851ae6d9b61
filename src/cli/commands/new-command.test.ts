import { existsSync } from 'node:fs';
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

  it('keeps a description with line breaks on its one comment line', async () => {
    const run = await runCliInProcess(['--cwd', dir, 'new', 'auth', 'x\nDROP TABLE users;']);
    expect(run.exitCode).toBe(0);
    const text = await readFile(join(dir, 'migrations/auth/0001_x_drop_table_users.sql'), 'utf8');
    expect(text.startsWith('-- x DROP TABLE users;\n-- migrate:up\n')).toBe(true);
  });

  it.each([
    ['migrate:down', 'section markers (-- migrate:up)'],
    ['  dbward:no-transaction', 'directives (-- dbward:no-transaction)'],
  ])(
    'exits 2, writing nothing, for the name %j, which would be a marker or directive',
    async (name, reserved) => {
      const run = await runCliInProcess(['--cwd', dir, 'new', 'auth', name]);
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toBe(
        `error: new migration for auth: the name "${name.trim()}" starts with "${name.trim().split(':')[0]}:", which dbward reserves for ${reserved}: its comment line would not be a description; reword it\n`,
      );
      expect(existsSync(join(dir, 'migrations/auth'))).toBe(false);
      // Not at the start, the same words are a description; a TypeScript comment is never a marker.
      expect((await runCliInProcess(['--cwd', dir, 'new', 'auth', `run ${name.trim()}`])).exitCode).toBe(0);
      expect((await runCliInProcess(['--cwd', dir, 'new', 'auth', name, '--ts'])).exitCode).toBe(0);
    },
  );

  it('exits 2 for an unknown service or a name without letters', async () => {
    expect((await runCliInProcess(['--cwd', dir, 'new', 'payroll', 'x'])).exitCode).toBe(2);
    const blank = await runCliInProcess(['--cwd', dir, 'new', 'auth', '!!']);
    expect(blank.exitCode).toBe(2);
    expect(blank.stderr).toContain('has no letters or digits');
  });

  it('exits 2 for a name with letters but none in ASCII, saying the file name needs them', async () => {
    const run = await runCliInProcess(['--cwd', dir, 'new', 'auth', '日本語']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toBe(
      'error: new migration for auth: the name "日本語" has no ASCII letters or digits (a-z, 0-9), which the file name is made of\n',
    );
    expect(existsSync(join(dir, 'migrations/auth'))).toBe(false);
  });

  it('exits 2 for a name that makes a file name over 255 bytes, and writes nothing', async () => {
    const run = await runCliInProcess(['--cwd', dir, 'new', 'auth', 'x'.repeat(300)]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(
      'error: new migration for auth: the file name would be 309 bytes long (0001_xxxxxxxxxxxxxxxxxxxx...); file systems allow 255, use a shorter name',
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(await readdir(join(dir, 'migrations/auth'))).toEqual([]);
    // 255 bytes exactly is written: 0001_ + 246 + .sql
    const longest = await runCliInProcess(['--cwd', dir, 'new', 'auth', 'y'.repeat(246)]);
    expect(longest.exitCode).toBe(0);
    expect((await readdir(join(dir, 'migrations/auth')))[0]).toHaveLength(255);
  });

  it('exits 2, writing nothing, when the next id would be past the largest dbward accepts', async () => {
    await mkdir(join(dir, 'migrations/auth'), { recursive: true });
    await writeFile(join(dir, 'migrations/auth/999999999999999_max.sql'), '-- migrate:up\n');
    const run = await runCliInProcess(['--cwd', dir, 'new', 'auth', 'overflow']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toBe(
      'error: new migration for auth: after 999999999999999_max.sql the next id would be 1000000000000000, past the largest id dbward accepts (999999999999999, 15 digits); renumber the migrations with smaller ids first\n',
    );
    expect(await readdir(join(dir, 'migrations/auth'))).toEqual(['999999999999999_max.sql']);
    // One below the largest still has a next id.
    await rm(join(dir, 'migrations/auth/999999999999999_max.sql'));
    await writeFile(join(dir, 'migrations/auth/999999999999998_almost.sql'), '-- migrate:up\n');
    const last = await runCliInProcess(['--cwd', dir, 'new', 'auth', 'last']);
    expect(last.exitCode).toBe(0);
    expect(last.stdout).toBe('created migrations/auth/999999999999999_last.sql\n');
  });

  it('says why the migrations folder cannot be used: no stack trace, exit 1', async () => {
    await mkdir(join(dir, 'migrations'), { recursive: true });
    await writeFile(join(dir, 'migrations/auth'), 'a file where the folder should be');
    const run = await runCliInProcess(['--cwd', dir, 'new', 'auth', 'x']);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe(
      'error: new migration for auth: cannot use migrations/auth as the migrations folder: it is a file, not a folder\n',
    );
  });
});
