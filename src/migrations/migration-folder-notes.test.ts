import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ResolvedService } from '../config/resolved-config.js';
import { migrationFolderNotes } from './migration-folder-notes.js';

describe('migrationFolderNotes', () => {
  let root: string;
  let service: ResolvedService;

  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'dbward-folder-notes-'));
    service = {
      name: 'auth',
      schema: 'auth',
      migrationsDir: path.join(root, 'migrations', 'auth'),
    } as ResolvedService;
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('names a .sql file that is not a migration, with the name it would have as the next one', async () => {
    await mkdir(service.migrationsDir, { recursive: true });
    for (const name of [
      '0001_users.sql',
      '0012_roles.sql',
      'add_sessions.sql',
      'V3__Add Tokens.SQL',
      'R__views.sql',
    ])
      await writeFile(path.join(service.migrationsDir, name), '-- migrate:up\nSELECT 1;\n');
    // Not notes: TypeScript helpers, other files, folders.
    await writeFile(path.join(service.migrationsDir, 'shared.ts'), 'export const x = 1;\n');
    await writeFile(path.join(service.migrationsDir, 'README.md'), '# auth\n');
    await mkdir(path.join(service.migrationsDir, 'old.sql'));
    await mkdir(path.join(root, 'elsewhere'));
    await symlink(path.join(root, 'elsewhere'), path.join(service.migrationsDir, 'linked.sql'));
    const notes = await migrationFolderNotes(service, root);
    // One id each, in name order, so following every suggestion makes no duplicate.
    expect(notes.map((note) => note.message.match(/rename it to (\S+)\.sql/)?.[1])).toEqual([
      '0013_views',
      '0014_add_tokens',
      '0015_add_sessions',
    ]);
    expect(notes.slice(1)).toEqual([
      {
        kind: 'ignored-file',
        service: 'auth',
        file: 'migrations/auth/V3__Add Tokens.SQL',
        message: expect.stringContaining('rename it to 0014_add_tokens.sql'),
      },
      {
        kind: 'ignored-file',
        service: 'auth',
        file: 'migrations/auth/add_sessions.sql',
        message: expect.stringMatching(
          /^migrations\/auth\/add_sessions\.sql is not a migration, so it is never applied: .*rename it to 0015_add_sessions\.sql/,
        ),
      },
    ]);
  });

  it('offers a file named like a migration behind a dot its name without the old id', async () => {
    await mkdir(service.migrationsDir, { recursive: true });
    for (const name of ['0004_users.sql', '.0005_roles.sql', '_0006.sql'])
      await writeFile(path.join(service.migrationsDir, name), '-- migrate:up\nSELECT 1;\n');
    const notes = await migrationFolderNotes(service, root);
    expect(notes.map((note) => note.message.match(/rename it to (\S+)\.sql/)?.[1])).toEqual([
      '0005_roles',
      '0006_migration',
    ]);
  });

  it('offers no name past the largest id', async () => {
    await mkdir(service.migrationsDir, { recursive: true });
    for (const name of ['999999999999999_last.sql', 'foo.sql'])
      await writeFile(path.join(service.migrationsDir, name), '-- migrate:up\nSELECT 1;\n');
    const [note] = await migrationFolderNotes(service, root);
    expect(note?.message).toContain('no id is left for it after 999999999999999');
    expect(note?.message).not.toContain('rename it to');
  });

  it('says when the folder does not exist, and nothing for a folder of migrations', async () => {
    expect(await migrationFolderNotes(service, root)).toEqual([
      {
        kind: 'missing-folder',
        service: 'auth',
        file: 'migrations/auth',
        message: expect.stringContaining('migrations/auth does not exist: auth has no migrations yet'),
      },
    ]);
    await mkdir(service.migrationsDir, { recursive: true });
    await writeFile(path.join(service.migrationsDir, '0001_users.sql'), '-- migrate:up\nSELECT 1;\n');
    expect(await migrationFolderNotes(service, root)).toEqual([]);
  });
});
