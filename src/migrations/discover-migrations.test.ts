import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { authService } from '../../test/harness/auth-service.js';
import type { ResolvedService } from '../config/resolved-config.js';
import { discoverMigrations, isMigrationFileName, migrationPathsUnder } from './discover-migrations.js';

let rootDir: string;

beforeEach(async () => {
  rootDir = await mkdtemp(path.join(tmpdir(), 'dbward-discover-'));
});

afterEach(async () => {
  await rm(rootDir, { recursive: true, force: true });
});

const service = (migrationsDir: string): ResolvedService => authService(rootDir, migrationsDir);

describe('discoverMigrations', () => {
  it('returns [] when the directory does not exist', async () => {
    expect(await discoverMigrations(service(path.join(rootDir, 'migrations/none')), rootDir)).toEqual([]);
  });

  it('orders by numeric id then file name, keeps duplicates and skips non-migration files', async () => {
    const dir = path.join(rootDir, 'migrations', 'auth');
    await mkdir(path.join(dir, '0009_folder.sql'), { recursive: true });
    const files: Record<string, string> = {
      '10_ten.sql': '-- migrate:up\nSELECT 10;',
      '0002_b.sql': '-- migrate:up\nSELECT 2;',
      '0002_a.sql': '-- migrate:up\nSELECT 2;',
      '1_one.ts': '// One\nexport async function up() {}',
      '0003-bad name.sql': '-- migrate:up\nSELECT 3;',
      'README.md': '# migrations',
      '0004_notes.md': 'not a migration',
      'helpers.ts': 'export {};',
      '0005_types.d.ts': 'export {};',
      '0006_x.test.ts': 'export {};',
      '.0007_hidden.sql': '-- migrate:up\nSELECT 7;',
      // Would be skipped silently if the extension were matched exactly: a problem instead.
      '0008_upper.SQL': '-- migrate:up\nSELECT 8;',
    };
    for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);

    const found = await discoverMigrations(service(dir), rootDir);
    expect(found.map((file) => [file.id, path.basename(file.absolutePath)])).toEqual([
      [1, '1_one.ts'],
      [2, '0002_a.sql'],
      [2, '0002_b.sql'],
      [3, '0003-bad name.sql'],
      [8, '0008_upper.SQL'],
      [10, '10_ten.sql'],
    ]);
    expect(found[1]?.path).toBe('migrations/auth/0002_a.sql');
    expect(found[1]?.absolutePath).toBe(path.join(dir, '0002_a.sql'));
    expect(found[1]?.up?.statements.map((s) => s.sql)).toEqual(['SELECT 2']);
    expect(found[0]?.description).toBe('One');
    expect(found[3]?.problems.map((p) => p.code)).toEqual(['bad-file-name']);
    expect(found[4]?.problems.map((p) => p.message)).toEqual([
      'migration file name "0008_upper.SQL": write the extension in lower case (.sql or .ts)',
    ]);
  });
});

describe('discoverMigrations of an unreadable file', () => {
  it('reports load-failed for it, without a checksum or sections, and still reads the others', async () => {
    const dir = path.join(rootDir, 'migrations', 'auth');
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, '0001_ok.sql'), '-- migrate:up\nSELECT 1;');
    await symlink(path.join(rootDir, 'nowhere.sql'), path.join(dir, '0002_gone.sql'));

    const [ok, gone] = await discoverMigrations(service(dir), rootDir);
    expect(ok?.up?.statements.map((s) => s.sql)).toEqual(['SELECT 1']);
    expect(gone).toMatchObject({ id: 2, name: 'gone', checksum: '', up: null, down: null });
    expect(gone?.problems).toMatchObject([
      {
        code: 'load-failed',
        line: 1,
        column: 1,
        message: expect.stringMatching(/^read migrations\/auth\/0002_gone\.sql: ENOENT/),
      },
    ]);
  });
});

describe('isMigrationFileName', () => {
  it('picks sql and ts files that start with a digit', () => {
    expect(['0001_a.sql', '2_b.ts', '0003.sql'].every(isMigrationFileName)).toBe(true);
    expect(
      ['a.sql', '0001_a.d.ts', '0001_a.test.ts', '0001_a.sql.bak', '0001_a.md'].some(isMigrationFileName),
    ).toBe(false);
  });
});

describe('migrationPathsUnder', () => {
  it('gives what path.relative gives, with /, for a directory inside, equal to or outside the root', () => {
    const root = path.join(tmpdir(), 'project');
    for (const dir of [path.join(root, 'migrations', 'auth'), root, path.join(tmpdir(), 'shared', 'auth')]) {
      const expected = path.relative(root, path.join(dir, '0001_x.sql')).split(path.sep).join('/');
      expect(migrationPathsUnder(root, dir)('0001_x.sql')).toBe(expected);
    }
    expect(migrationPathsUnder(root, path.join(root, 'migrations', 'auth'))('0001_x.sql')).toBe(
      'migrations/auth/0001_x.sql',
    );
  });
});
