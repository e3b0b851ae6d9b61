import { beforeAll, describe, expect, it } from 'vitest';
import { authStatementContexts } from '../../test/harness/auth-statement-contexts.js';
import type { Catalog, CatalogTable } from '../catalog/catalog-model.js';
import { loadSqlParser } from '../migrations/sql-parser.js';

beforeAll(loadSqlParser);

function table(name: string): CatalogTable {
  return {
    schema: 'auth',
    name,
    kind: 'table',
    columns: [],
    constraints: [],
    indexes: [],
    comment: null,
    estimatedRows: -1,
    totalBytes: 0,
  };
}

// The estate before the migration: auth.users exists.
const WITH_USERS: Catalog = {
  serverVersion: '15',
  schemas: [
    {
      name: 'auth',
      owner: 'postgres',
      comment: null,
      tables: [table('users')],
      views: [],
      enums: [],
      sequences: [],
      functions: [],
      grants: [],
    },
  ],
};

function contextsOf(text: string, section: 'up' | 'down' = 'up', before?: Catalog) {
  return authStatementContexts(text, section, before);
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

  it('does not count CREATE TABLE IF NOT EXISTS of a table that already exists as created', () => {
    const contexts = contextsOf(
      '-- migrate:up\nCREATE TABLE IF NOT EXISTS users (id int);\nCREATE TABLE IF NOT EXISTS auth.users AS SELECT 1 AS id;\nCREATE INDEX ON users (id);\n',
      'up',
      WITH_USERS,
    );
    expect(contexts.map((c) => [...c.createdInMigration])).toEqual([[], [], []]);
  });

  it('counts CREATE TABLE IF NOT EXISTS as created when the table is new, or its old one was dropped or renamed away', () => {
    const created = (text: string): string[] =>
      [
        ...(contextsOf(`-- migrate:up\n${text}\nSELECT 1;\n`, 'up', WITH_USERS).at(-1)?.createdInMigration ??
          []),
      ].sort();
    expect(created('CREATE TABLE IF NOT EXISTS teams (id int);')).toEqual(['auth.teams']);
    expect(created('DROP TABLE users;\nCREATE TABLE IF NOT EXISTS users (id int);')).toEqual(['auth.users']);
    expect(
      created('ALTER TABLE users RENAME TO old_users;\nCREATE TABLE IF NOT EXISTS users (id int);'),
    ).toEqual(['auth.users']);
    // Created earlier in the migration: the second one is skipped, the table is still new.
    expect(created('CREATE TABLE teams (id int);\nCREATE TABLE IF NOT EXISTS teams (id int);')).toEqual([
      'auth.teams',
    ]);
  });

  it('does not count a temporary table as creating the service table of that name', () => {
    const contexts = contextsOf(
      '-- migrate:up\nCREATE TEMP TABLE users (id int);\nCREATE TEMPORARY TABLE auth_copy AS SELECT 1 AS id;\nSELECT 1 AS id INTO TEMP scratch;\nCREATE TABLE IF NOT EXISTS sessions (id int);\nSELECT 1;\n',
      'up',
      WITH_USERS,
    );
    expect(contexts.map((c) => [...c.createdInMigration])).toEqual([[], [], [], [], ['auth.sessions']]);
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
