import { beforeAll, describe, expect, it } from 'vitest';
import { parseMigrationText } from '../migrations/parse-migration-file.js';
import { loadSqlParser } from '../migrations/sql-parser.js';
import type { MigrationContext } from './rule.js';
import { statementContexts } from './statement-contexts.js';

beforeAll(loadSqlParser);

function contextsOf(text: string, section: 'up' | 'down' = 'up') {
  const file = parseMigrationText(text, {
    path: 'migrations/auth/0003_x.sql',
    absolutePath: '/p/migrations/auth/0003_x.sql',
    fileName: '0003_x.sql',
  });
  const migration: MigrationContext = {
    file,
    service: { name: 'auth', schema: 'auth' },
    services: [{ name: 'auth', schema: 'auth' }],
    before: { serverVersion: '18', schemas: [] },
    largeTableRows: 1000,
    liveRowEstimate: () => null,
  };
  return statementContexts(file, migration, section);
}

describe('statementContexts', () => {
  it('tracks tables created by CREATE TABLE, CREATE TABLE AS and SELECT INTO, only for later statements', () => {
    const contexts = contextsOf(
      '-- migrate:up\nCREATE TABLE a (id int);\nCREATE TABLE other.b AS SELECT 1 AS x;\nSELECT 1 AS y INTO c;\nSELECT 1;\n',
    );
    expect(contexts.map((c) => [...c.createdInMigration].sort())).toEqual([
      [],
      ['auth.a'],
      ['auth.a', 'other.b'],
      ['auth.a', 'auth.c', 'other.b'],
    ]);
    expect(contexts.map((c) => c.index)).toEqual([0, 1, 2, 3]);
  });

  it('counts a table renamed after being created here as created, but not a renamed existing table', () => {
    const contexts = contextsOf(
      '-- migrate:up\nCREATE TABLE a (id int);\nALTER TABLE a RENAME TO b;\nALTER TABLE old RENAME TO c;\nSELECT 1;\n',
    );
    expect([...(contexts[3]?.createdInMigration ?? [])].sort()).toEqual(['auth.a', 'auth.b']);
  });

  it('resolves unqualified names to the service schema and keeps qualified ones', () => {
    const [context] = contextsOf('-- migrate:up\nSELECT 1;\n');
    expect(context?.resolveSchema(undefined)).toBe('auth');
    expect(context?.resolveSchema('')).toBe('auth');
    expect(context?.resolveSchema('leaves')).toBe('leaves');
  });

  it('sets inTransaction from the no-transaction directive and keeps sections apart', () => {
    expect(contextsOf('-- migrate:up\nSELECT 1;\n')[0]?.inTransaction).toBe(true);
    const noTx = contextsOf(
      '-- dbward:no-transaction\n-- migrate:up\nSELECT 1;\n-- migrate:down\nSELECT 2;\n',
      'down',
    );
    expect(noTx.map((c) => [c.section, c.statement.sql, c.inTransaction])).toEqual([
      ['down', 'SELECT 2', false],
    ]);
  });
});
