import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ResolvedService } from '../config/resolved-config.js';
import type { AppliedMigration } from './applied-migration.js';
import { checkMigrationIntegrity } from './check-migration-integrity.js';
import { InvalidUtf8Error } from './invalid-utf8.js';
import {
  parsedMigrationFileCount,
  parseMigrationText,
  unreadableMigrationFile,
} from './parse-migration-file.js';
import { loadSqlParser } from './sql-parser.js';

beforeAll(async () => {
  await loadSqlParser();
});

const service: ResolvedService = {
  name: 'auth',
  schema: 'auth',
  migrationsDir: '/project/migrations/auth',
  seedsDir: '/project/seeds/auth',
  modelsFile: '/project/services/auth/models.ts',
  schemaFile: '/project/services/auth/schema.sql',
  sourceDir: '/project/src/services/auth',
  readableBy: [],
};

function fileOf(fileName: string, text: string) {
  return parseMigrationText(text, {
    fileName,
    path: `migrations/auth/${fileName}`,
    absolutePath: path.join(service.migrationsDir, fileName),
  });
}

function appliedRowOf(file: { id: number; path: string; checksum: string }): AppliedMigration {
  return {
    id: file.id,
    name: 'x',
    file: file.path,
    checksum: file.checksum,
    downSql: null,
    noTransaction: false,
    kind: 'applied',
    appliedAt: new Date('2026-01-01T00:00:00Z'),
    durationMs: 1,
    appliedBy: 'test',
    forcedReason: null,
  };
}

// A file applied by an older dbward may hold what this one calls a problem: it ran, so it stays trusted.
const NO_UP_MARKER = 'CREATE TABLE users (id int);\n';

describe('checkMigrationIntegrity', () => {
  it('reports the problems of pending and changed files, and only the name of unchanged applied ones', () => {
    const unchanged = fileOf('0001_users.sql', NO_UP_MARKER);
    const renamed = fileOf('0002-renamed.sql', NO_UP_MARKER);
    const changed = fileOf('0003_changed.sql', NO_UP_MARKER);
    const pending = fileOf('0004_pending.sql', NO_UP_MARKER);
    const before = parsedMigrationFileCount();
    const problems = checkMigrationIntegrity(
      {
        service,
        files: [unchanged, renamed, changed, pending],
        applied: [
          appliedRowOf(unchanged),
          appliedRowOf(renamed),
          { ...appliedRowOf(changed), checksum: 'old' },
        ],
      },
      { allowOutOfOrder: false },
    );
    expect(problems.map((problem) => [problem.code, problem.id, problem.message.split(': ')[1]])).toEqual([
      [
        'file-problem',
        2,
        'migration file name "0002-renamed.sql" does not match <number>_<name>.sql or <number>_<name>.ts',
      ],
      ['file-problem', 3, 'no "-- migrate:up" line'],
      ['file-problem', 4, 'no "-- migrate:up" line'],
      [
        'checksum-changed',
        3,
        `changed since it was applied on 2026-01-01T00:00:00.000Z (checksum old then, ${changed.checksum.slice(0, 12)} now); revert the edit and write a new migration instead`,
      ],
    ]);
    expect(parsedMigrationFileCount() - before).toBe(2);
  });
});

describe('checkMigrationIntegrity with files that share an id or have a bad name', () => {
  const migration = (table: string) =>
    `-- migrate:up\nCREATE TABLE ${table} (id int);\n\n-- migrate:down\nDROP TABLE ${table};\n`;

  it('compares a history row with the file it names, not with another file of the same id', () => {
    const users = fileOf('0001_users.sql', migration('users'));
    // Sorted first, as discovery orders files of one id by name.
    const accounts = fileOf('0001_accounts.sql', migration('accounts'));
    const problems = checkMigrationIntegrity(
      { service, files: [accounts, users], applied: [appliedRowOf(users)] },
      { allowOutOfOrder: false },
    );
    expect(problems.map((problem) => [problem.code, problem.file])).toEqual([
      ['duplicate-id', 'migrations/auth/0001_accounts.sql'],
    ]);
    // The applied one edited is still a changed file.
    const edited = fileOf('0001_users.sql', migration('people'));
    expect(
      checkMigrationIntegrity(
        { service, files: [accounts, edited], applied: [appliedRowOf(users)] },
        { allowOutOfOrder: false },
      ).map((problem) => [problem.code, problem.file]),
    ).toEqual([
      ['duplicate-id', 'migrations/auth/0001_accounts.sql'],
      ['checksum-changed', 'migrations/auth/0001_users.sql'],
    ]);
  });

  it('reports an applied file that cannot be read (not UTF-8) as a file problem, not also as changed', () => {
    const applied = fileOf('0001_users.sql', migration('users'));
    const unreadable = unreadableMigrationFile(
      { fileName: '0001_users.sql', path: applied.path, absolutePath: applied.absolutePath },
      new InvalidUtf8Error({ line: 2, column: 7, bytes: '0xe9' }),
    );
    const problems = checkMigrationIntegrity(
      { service, files: [unreadable], applied: [appliedRowOf(applied)] },
      { allowOutOfOrder: false },
    );
    expect(problems.map((problem) => [problem.code, problem.line, problem.column])).toEqual([
      ['file-problem', 2, 7],
    ]);
  });

  it('reports a file whose name makes no valid id as a file problem only, not also out of order', () => {
    const applied = fileOf('0005_users.sql', migration('users'));
    const files = ['0000_zero.sql', '0x10_hex.sql'].map((name) => fileOf(name, migration('t')));
    const problems = checkMigrationIntegrity(
      { service, files: [...files, applied], applied: [appliedRowOf(applied)] },
      { allowOutOfOrder: false },
    );
    expect(problems.map((problem) => [problem.code, problem.file])).toEqual([
      ['file-problem', 'migrations/auth/0000_zero.sql'],
      ['file-problem', 'migrations/auth/0x10_hex.sql'],
    ]);
  });
});

describe('checkMigrationIntegrity and line ends', () => {
  const lf = '-- migrate:up\nCREATE TABLE users (id int);\n\n-- migrate:down\nDROP TABLE users;\n';
  const crlf = lf.replaceAll('\n', '\r\n');
  const integrity = (file: ReturnType<typeof fileOf>, checksum: string) =>
    checkMigrationIntegrity(
      { service, files: [file], applied: [{ ...appliedRowOf(file), checksum }] },
      { allowOutOfOrder: false },
    );

  it('takes a CRLF checkout of a file applied from an LF one (and back) for the same file', () => {
    const applied = fileOf('0001_users.sql', lf);
    const windows = fileOf('0001_users.sql', crlf);
    expect(windows.checksum).toBe(applied.checksum);
    expect(integrity(windows, applied.checksum)).toEqual([]);
    expect(integrity(applied, windows.checksum)).toEqual([]);
  });

  it('trusts a CRLF file recorded with the checksum of its raw text (earlier builds), but not an edit', async () => {
    const { createHash } = await import('node:crypto');
    const raw = createHash('sha256').update(crlf).digest('hex');
    expect(integrity(fileOf('0001_users.sql', crlf), raw)).toEqual([]);
    // The same row, with the file now checked out with LF line ends.
    expect(integrity(fileOf('0001_users.sql', lf), raw)).toEqual([]);
    const edited = fileOf('0001_users.sql', crlf.replace('id int', 'id bigint'));
    expect(integrity(edited, raw).map((problem) => problem.code)).toEqual(['checksum-changed']);
    expect(
      integrity(
        fileOf('0001_users.sql', lf.replace('id int', 'id bigint')),
        fileOf('0001_users.sql', lf).checksum,
      ).map((p) => p.code),
    ).toEqual(['checksum-changed']);
  });
});
