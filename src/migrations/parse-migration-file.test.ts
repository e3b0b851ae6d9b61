import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MigrationFile } from './migration-file-types.js';
import { parsedMigrationFileCount, parseMigrationText } from './parse-migration-file.js';
import { loadSqlParser } from './sql-parser.js';

beforeAll(async () => {
  await loadSqlParser();
});

function parse(text: string, fileName = '0001_test.sql'): MigrationFile {
  return parseMigrationText(text, {
    fileName,
    path: `migrations/auth/${fileName}`,
    absolutePath: `/project/migrations/auth/${fileName}`,
  });
}

function positions(file: MigrationFile, section: 'up' | 'down' = 'up') {
  return (file[section]?.statements ?? []).map((s) => ({ sql: s.sql, line: s.line, column: s.column }));
}

const USERS = `-- Add users table
-- migrate:up
CREATE TABLE users (
  id uuid PRIMARY KEY,
  email varchar(255) NOT NULL UNIQUE
);
/* lookups by email */
  CREATE INDEX idx_users_email ON users (email);

-- migrate:down
DROP TABLE users;
`;

describe('parseMigrationText', () => {
  it('reads id, name, sections and statement positions of a documented example', () => {
    const file = parse(USERS, '0003_add_users.sql');
    expect(file).toMatchObject({
      id: 3,
      idText: '0003',
      name: 'add_users',
      format: 'sql',
      path: 'migrations/auth/0003_add_users.sql',
      description: 'Add users table',
      noTransaction: false,
      breaking: false,
      problems: [],
      text: USERS,
    });
    expect(positions(file)).toEqual([
      {
        sql: 'CREATE TABLE users (\n  id uuid PRIMARY KEY,\n  email varchar(255) NOT NULL UNIQUE\n)',
        line: 3,
        column: 1,
      },
      { sql: 'CREATE INDEX idx_users_email ON users (email)', line: 8, column: 3 },
    ]);
    expect(positions(file, 'down')).toEqual([{ sql: 'DROP TABLE users', line: 11, column: 1 }]);
    expect(file.up).toMatchObject({ line: 2, offset: USERS.indexOf('CREATE TABLE') });
    expect(file.up?.sql).toBe(USERS.slice(USERS.indexOf('CREATE TABLE'), USERS.indexOf('-- migrate:down')));
    expect(file.down).toMatchObject({ line: 10, sql: 'DROP TABLE users;\n' });
    const index = file.up?.statements[1];
    expect(index?.offset).toBe(USERS.indexOf('CREATE INDEX'));
    expect(Object.keys(index?.ast ?? {})).toEqual(['IndexStmt']);
  });

  it('places statements correctly after accents and emoji in comments', () => {
    const text =
      '-- Ajouter la table « congés » 🌴\n-- migrate:up\n-- déjà vu 😀😀\nSELECT 1; /* ü */ SELECT 2;\n';
    const file = parse(text);
    expect(positions(file)).toEqual([
      { sql: 'SELECT 1', line: 4, column: 1 },
      { sql: 'SELECT 2', line: 4, column: 19 },
    ]);
    expect(file.up?.statements[1]?.offset).toBe(text.lastIndexOf('SELECT 2'));
    expect(file.description).toBe('Ajouter la table « congés » 🌴');
  });

  it('keeps dollar-quoted bodies and strings with ; and -- whole', () => {
    const body =
      'CREATE FUNCTION touch() RETURNS trigger AS $$\nBEGIN\n  NEW.updated_at := now(); -- stamp\n  RETURN NEW;\nEND;\n$$ LANGUAGE plpgsql';
    const text = `-- migrate:up\n${body};\nINSERT INTO notes VALUES ('a;b -- c');\n-- migrate:down\nDROP FUNCTION touch();\n`;
    const file = parse(text);
    expect(positions(file)).toEqual([
      { sql: body, line: 2, column: 1 },
      { sql: "INSERT INTO notes VALUES ('a;b -- c')", line: 8, column: 1 },
    ]);
  });

  it('handles CRLF line endings, a BOM and a last statement without semicolon', () => {
    const text =
      '\uFEFF-- Seed roles\r\n-- migrate:up\r\nINSERT INTO roles\r\n  VALUES (1);\r\n   SELECT 2\r\n-- migrate:down\r\nDELETE FROM roles\r\n';
    const file = parse(text);
    expect(file.problems).toEqual([]);
    expect(file.description).toBe('Seed roles');
    expect(positions(file)).toEqual([
      { sql: 'INSERT INTO roles\r\n  VALUES (1)', line: 3, column: 1 },
      { sql: 'SELECT 2', line: 5, column: 4 },
    ]);
    expect(positions(file, 'down')).toEqual([{ sql: 'DELETE FROM roles', line: 7, column: 1 }]);
    expect(file.up?.line).toBe(2);
  });

  it('accepts a marker on the first line after a BOM', () => {
    const file = parse('\uFEFF-- migrate:up\nSELECT 1;');
    expect(file.problems).toEqual([]);
    expect(positions(file)).toEqual([{ sql: 'SELECT 1', line: 2, column: 1 }]);
  });

  it('gives empty sections no statements', () => {
    const file = parse('-- migrate:up\n-- nothing\n\n-- migrate:down\n');
    expect(file.problems).toEqual([]);
    expect(file.up?.statements).toEqual([]);
    expect(file.down?.statements).toEqual([]);
    expect(file.down?.sql).toBe('');
  });

  it('reports a syntax error at its exact line and column in the file, with no statements', () => {
    const text =
      '-- migrate:up\nCREATE TABLE a (id int);\n-- é 😀\nALTER TABLE a\n  ADD COLUMN b intt,\n  DROP COLUM c;\n-- migrate:down\nDROP TABLE a;\n';
    const file = parse(text);
    expect(file.problems).toEqual([
      { code: 'syntax-error', message: 'syntax error at or near "c"', line: 6, column: 14 },
    ]);
    expect(file.up?.statements).toEqual([]);
    expect(positions(file, 'down')).toEqual([{ sql: 'DROP TABLE a', line: 8, column: 1 }]);
  });

  it('points an error at end of input at the end of the section text, not at the next marker', () => {
    const file = parse('-- migrate:up\nSELECT (1\n\n-- migrate:down\nSELECT 1;');
    expect(file.problems).toMatchObject([{ code: 'syntax-error', line: 2, column: 10 }]);
  });

  it('reports a missing up marker at line 1', () => {
    const file = parse('CREATE TABLE a (id int);\n');
    expect(file.up).toBeNull();
    expect(file.down).toBeNull();
    expect(file.problems).toEqual([{ code: 'missing-up', message: expect.any(String), line: 1, column: 1 }]);
  });

  it('does not take an indented, differently cased or longer marker', () => {
    expect(parse('  -- migrate:up\nSELECT 1;').problems.map((p) => p.code)).toEqual(['missing-up']);
    expect(parse('-- Migrate:Up\nSELECT 1;').problems.map((p) => p.code)).toEqual(['missing-up']);
    expect(parse('-- migrate:upgrade\nSELECT 1;').problems.map((p) => p.code)).toEqual(['missing-up']);
  });

  it('attaches allow and backup directives to the next statement only', () => {
    const text = [
      '-- dbward:breaking reason="sessions are gone"', // 1
      '-- migrate:up', // 2
      'CREATE TABLE a (id int);', // 3
      '', // 4
      '-- dbward:backup archive.auth__sessions__20261122', // 5
      '-- why: nobody reads them', // 6
      '/* dropped after backup */', // 7
      '', // 8
      '-- dbward:allow drop-table reason="archived"', // 9
      'DROP TABLE sessions;', // 10
      'DROP TABLE tokens; -- dbward:allow drop-table reason="trailing comments are not directives"', // 11
      '-- dbward:allow drop-column reason="dangling"', // 12
      '-- migrate:down', // 13
      '-- dbward:allow drop-table reason="down"', // 14
      'DROP TABLE a;', // 15
    ].join('\n');
    const file = parse(text);
    expect(file.problems).toEqual([]);
    const [create, dropSessions, dropTokens] = file.up?.statements ?? [];
    expect(create?.directives).toEqual([]);
    expect(dropSessions?.directives.map((d) => [d.kind, d.rule ?? d.target, d.line])).toEqual([
      ['backup', 'archive.auth__sessions__20261122', 5],
      ['allow', 'drop-table', 9],
    ]);
    expect(dropTokens?.directives).toEqual([]);
    expect(file.down?.statements[0]?.directives.map((d) => d.line)).toEqual([14]);
    expect(file.directives.map((d) => d.line)).toEqual([1, 5, 9, 12, 14]);
    expect(file.breaking).toBe(true);
    expect(file.directives[0]?.reason).toBe('sessions are gone');
  });

  it('reports an unknown directive with its position and still parses the file', () => {
    const file = parse('-- migrate:up\n\n    -- dbward:no-transactoin\nSELECT 1;\n');
    expect(file.problems).toEqual([
      { code: 'unknown-directive', message: expect.stringContaining('no-transactoin'), line: 3, column: 15 },
    ]);
    expect(file.noTransaction).toBe(false);
    expect(positions(file)).toEqual([{ sql: 'SELECT 1', line: 4, column: 1 }]);
  });

  it('reports statements that start or end a transaction, in up and down, also in no-transaction files', () => {
    const text =
      '-- migrate:up\nBEGIN;\nCREATE TABLE a (id int);\nSAVEPOINT s;\nROLLBACK TO SAVEPOINT s;\nCOMMIT;\n-- migrate:down\nDROP TABLE a; END;\n';
    expect(parse(text).problems.map(({ code, line, column }) => ({ code, line, column }))).toEqual([
      { code: 'transaction-control', line: 2, column: 1 },
      { code: 'transaction-control', line: 6, column: 1 },
      { code: 'transaction-control', line: 8, column: 15 },
    ]);
    expect(parse(text).problems[0]?.message).toMatch(/^BEGIN in a migration/);
    const noTransaction = parse(`-- dbward:no-transaction\n${text}`).problems;
    expect(noTransaction.map((problem) => problem.line)).toEqual([3, 7, 9]);
    expect(noTransaction[0]?.message).toMatch(/^BEGIN in a no-transaction migration/);
    expect(parse('-- migrate:up\nSAVEPOINT s;\nRELEASE SAVEPOINT s;\n').problems).toEqual([]);
  });

  it('reports COPY ... FROM STDIN in up and down, and lets COPY from a file or to STDOUT through', () => {
    const text =
      "-- migrate:up\nCREATE TABLE a (id int);\n  COPY a (id) FROM STDIN WITH (FORMAT csv);\nCOPY a FROM '/tmp/a.csv';\nCOPY a FROM PROGRAM 'cat /tmp/a.csv';\nCOPY a TO STDOUT;\n-- migrate:down\ncopy a from stdin;\n";
    const problems = parse(text).problems;
    expect(problems.map(({ code, line, column }) => ({ code, line, column }))).toEqual([
      { code: 'copy-from-stdin', line: 3, column: 3 },
      { code: 'copy-from-stdin', line: 8, column: 1 },
    ]);
    expect(problems[0]?.message).toMatch(/^COPY \.\.\. FROM STDIN in a migration: /);
  });

  it('sets noTransaction from the directive', () => {
    const file = parse('-- dbward:no-transaction\n-- migrate:up\nCREATE INDEX CONCURRENTLY i ON t (a);\n');
    expect(file.noTransaction).toBe(true);
    expect(file.description).toBeNull();
    expect(file.up?.statements[0]?.directives).toEqual([]);
  });

  it('accepts dbmate files, including transaction:false', () => {
    const text =
      '-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY i ON t (a);\n\n-- migrate:down\nDROP INDEX i;\n';
    const file = parse(text, '20240101120000_add_index.sql');
    expect(file).toMatchObject({ id: 20240101120000, idText: '20240101120000', name: 'add_index' });
    expect(file.problems).toEqual([]);
    expect(file.noTransaction).toBe(true);
    expect(positions(file).map((s) => s.sql)).toEqual(['CREATE INDEX CONCURRENTLY i ON t (a)']);
    expect(parse('-- migrate:up\nSELECT 1;').noTransaction).toBe(false);
  });

  it('reports a second up marker', () => {
    const file = parse('-- migrate:up\nSELECT 1;\n-- migrate:up\nSELECT 2;\n');
    expect(file.problems).toMatchObject([{ code: 'bad-directive', line: 3, column: 1 }]);
    expect(positions(file).map((s) => s.sql)).toEqual(['SELECT 1']);
  });

  it('checksums the text as UTF-8, changing with any byte', () => {
    const text = "-- migrate:up\nSELECT 'é';\n";
    const file = parse(text);
    expect(file.checksum).toBe(createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex'));
    expect(file.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(parse(`${text} `).checksum).not.toBe(file.checksum);
  });

  it('reports a bad file name but still reads the content', () => {
    const file = parse('-- migrate:up\nSELECT 1;', '0003-bad name.sql');
    expect(file.problems.map((p) => p.code)).toEqual(['bad-file-name']);
    expect(file.id).toBe(3);
    expect(file.up?.statements).toHaveLength(1);
  });

  it('does not parse TS migrations but describes and checksums them', () => {
    const text = '// Backfill balances\nexport async function up(db) {}\nexport async function down(db) {}\n';
    const file = parse(text, '0005_backfill.ts');
    expect(file).toMatchObject({
      id: 5,
      name: 'backfill',
      format: 'ts',
      up: null,
      down: null,
      description: 'Backfill balances',
      problems: [],
      directives: [],
      checksum: createHash('sha256').update(text).digest('hex'),
    });
  });

  it('parses a file only when a parsed field is first read, and only once', () => {
    const before = parsedMigrationFileCount();
    const file = parse('-- migrate:up\nSELECT 1;\n-- migrate:down\nSELEC 2;\n');
    expect([file.id, file.name, file.checksum.length]).toEqual([1, 'test', 64]);
    expect(parsedMigrationFileCount()).toBe(before);
    expect(file.problems).toMatchObject([{ code: 'syntax-error', line: 4 }]);
    const up = file.up;
    expect(parsedMigrationFileCount()).toBe(before + 1);
    expect(file.up).toBe(up);
    expect(file.down?.statements).toEqual([]);
    expect(parsedMigrationFileCount()).toBe(before + 1);
  });

  it('spreads, clones, serializes and compares like a plain object, parsed or not', () => {
    const text = '-- Users\n-- migrate:up\n-- dbward:no-transaction\nCREATE INDEX CONCURRENTLY i ON t (a);\n';
    const plain = { ...parse(text) };
    for (const copy of [
      { ...parse(text) },
      structuredClone(parse(text)),
      JSON.parse(JSON.stringify(parse(text))),
    ]) {
      expect(copy).toEqual(JSON.parse(JSON.stringify(plain)));
      expect(Object.getOwnPropertyDescriptor(copy, 'up')).toHaveProperty('value');
    }
    expect(parse(text)).toEqual(plain);
    expect(plain).toMatchObject({ description: 'Users', noTransaction: true, up: { line: 2 } });

    const assigned = parse(text);
    assigned.noTransaction = false;
    expect([assigned.noTransaction, assigned.description]).toEqual([false, 'Users']);
  });
});
