import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync, utimesSync } from 'node:fs';
import { mkdir, mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { authService } from '../../test/harness/auth-service.js';
import type { ResolvedService } from '../config/resolved-config.js';
import { DbwardError } from '../errors/index.js';
import { discoverMigrations } from './discover-migrations.js';
import { migrationFileIndexPath } from './migration-file-index.js';
import { migrationFileReadCount } from './migration-file-reads.js';
import { readDownSections } from './read-down-sections.js';

let rootDir: string;
let migrationsDir: string;

const FIRST = '-- migrate:up\nCREATE TABLE users (id bigint);\n-- migrate:down\nDROP TABLE users;\n';
const SECOND = '-- migrate:up\nCREATE TABLE posts (id bigint);\n-- migrate:down\nDROP TABLE posts;\n';

beforeEach(async () => {
  rootDir = await mkdtemp(path.join(tmpdir(), 'dbward-file-index-'));
  migrationsDir = path.join(rootDir, 'migrations/auth');
  await mkdir(migrationsDir, { recursive: true });
  await writeFile(path.join(migrationsDir, '0001_users.sql'), FIRST);
  await writeFile(path.join(migrationsDir, '0002_posts.sql'), SECOND);
});

afterEach(async () => {
  vi.useRealTimers();
  await rm(rootDir, { recursive: true, force: true });
});

const service = (): ResolvedService => authService(rootDir, migrationsDir);

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** Discovers and returns the files with how many of them discovery had to read. */
async function discover(options: { fileIndex?: boolean } = {}) {
  const before = migrationFileReadCount();
  const files = await discoverMigrations(service(), rootDir, options);
  return { files, read: migrationFileReadCount() - before };
}

/** The files were written "now"; a clock some seconds ahead makes them old enough to be indexed. */
function laterClock(): void {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(Date.now() + 60_000);
}

function indexedNames(): string[] {
  const index = JSON.parse(readFileSync(migrationFileIndexPath(rootDir, 'auth'), 'utf8')) as {
    files: Record<string, unknown>;
  };
  return Object.keys(index.files).sort();
}

describe('the migration file index', () => {
  it('gives an unchanged file its checksum from one stat, and reads its text only when used', async () => {
    laterClock();
    const first = await discover();
    expect(first.read).toBe(2);
    expect(indexedNames()).toEqual(['0001_users.sql', '0002_posts.sql']);

    const second = await discover();
    expect(second.read).toBe(0);
    expect(second.files.map((file) => file.checksum)).toEqual([sha256(FIRST), sha256(SECOND)]);
    expect(second.files.map((file) => file.checksum)).toEqual(first.files.map((file) => file.checksum));
    // Text and sections come from the file when first used.
    expect(second.files[0]?.text).toBe(FIRST);
    expect(second.files[1]?.up?.statements.map((statement) => statement.sql)).toEqual([
      'CREATE TABLE posts (id bigint)',
    ]);
    expect(existsSync(path.join(rootDir, '.dbward/cache/.gitignore'))).toBe(true);
  });

  it('reads a file again when its content changed, even with the same size and modification time', async () => {
    const file = path.join(migrationsDir, '0001_users.sql');
    const old = new Date(Math.floor(Date.now() / 1000) * 1000 - 3_600_000);
    utimesSync(file, old, old);
    laterClock();
    await discover();
    const edited = FIRST.replace('users', 'usrs_');
    expect(edited.length).toBe(FIRST.length);
    await writeFile(file, edited);
    utimesSync(file, old, old);
    expect(statSync(file).mtimeMs).toBe(old.getTime());
    // Only the change time tells: it moved with the write and cannot be set back.
    const again = await discover();
    expect(again.read).toBe(1);
    expect(again.files[0]?.checksum).toBe(sha256(edited));
    expect(again.files[1]?.checksum).toBe(sha256(SECOND));
  });

  it('does not trust a file written in the last seconds: it is read on every run until it is older', async () => {
    expect((await discover()).read).toBe(2);
    expect((await discover()).read).toBe(2);
    expect(existsSync(migrationFileIndexPath(rootDir, 'auth'))).toBe(false);
  });

  it('makes it an error to use the text of a file edited after it was listed', async () => {
    laterClock();
    await discover();
    const { files } = await discover();
    await writeFile(path.join(migrationsDir, '0002_posts.sql'), `${SECOND}-- more\n`);
    const failure = (() => {
      try {
        return files[1]?.text;
      } catch (error: unknown) {
        return error;
      }
    })();
    expect(failure).toBeInstanceOf(DbwardError);
    expect((failure as DbwardError).code).toBe('migration-file-changed');
    expect((failure as DbwardError).message).toContain(
      'migrations/auth/0002_posts.sql changed while dbward was running',
    );
  });

  it('ignores an index that is corrupt or describes another directory', async () => {
    laterClock();
    const indexFile = migrationFileIndexPath(rootDir, 'auth');
    await mkdir(path.dirname(indexFile), { recursive: true });
    await writeFile(indexFile, '{"format":1,"dir":');
    expect((await discover()).read).toBe(2);
    const foreign = JSON.parse(readFileSync(indexFile, 'utf8')) as { dir: string };
    foreign.dir = path.join(rootDir, 'elsewhere');
    await writeFile(indexFile, JSON.stringify(foreign));
    const { files, read } = await discover();
    expect(read).toBe(2);
    expect(files.map((file) => file.checksum)).toEqual([sha256(FIRST), sha256(SECOND)]);
  });

  it.each([
    [1, 'CRLF kept'],
    [2, 'a file that is not UTF-8 hashed as decoded with U+FFFD'],
  ])(
    'ignores an index written by a build that computed checksums differently (format %i: %s)',
    async (format) => {
      laterClock();
      await discover();
      const indexFile = migrationFileIndexPath(rootDir, 'auth');
      const index = JSON.parse(readFileSync(indexFile, 'utf8')) as {
        format: number;
        files: Record<string, { checksum: string }>;
      };
      expect(index.format).toBe(3);
      for (const entry of Object.values(index.files)) entry.checksum = 'checksum of an older build';
      await writeFile(indexFile, JSON.stringify({ ...index, format }));
      const { files, read } = await discover();
      expect(read).toBe(2);
      expect(files.map((file) => file.checksum)).toEqual([sha256(FIRST), sha256(SECOND)]);
    },
  );

  it('drops deleted files from the index', async () => {
    laterClock();
    await discover();
    await unlink(path.join(migrationsDir, '0001_users.sql'));
    const { files } = await discover();
    expect(files.map((file) => file.name)).toEqual(['posts']);
    expect(indexedNames()).toEqual(['0002_posts.sql']);
  });

  it('with fileIndex: false reads every file and writes no index', async () => {
    laterClock();
    expect((await discover({ fileIndex: false })).read).toBe(2);
    expect((await discover({ fileIndex: false })).read).toBe(2);
    expect(existsSync(migrationFileIndexPath(rootDir, 'auth'))).toBe(false);
  });

  it('lets a rollback take an unchanged file as applied without reading it', async () => {
    laterClock();
    await discover();
    const before = migrationFileReadCount();
    const files = await readDownSections(service(), rootDir, new Set([1, 2]));
    expect(migrationFileReadCount() - before).toBe(0);
    expect(files.get(2)?.checksum).toBe(sha256(SECOND));
    // Read when used: for a position in the file.
    expect(files.get(2)?.down?.sql).toBe('DROP TABLE posts;\n');
    expect(migrationFileReadCount() - before).toBe(1);

    await writeFile(path.join(migrationsDir, '0001_users.sql'), `${FIRST}-- edited\n`);
    const afterEdit = migrationFileReadCount();
    const again = await readDownSections(service(), rootDir, new Set([1, 2]));
    expect(migrationFileReadCount() - afterEdit).toBe(1);
    expect(again.get(1)?.checksum).toBe(sha256(`${FIRST}-- edited\n`));
  });
});
