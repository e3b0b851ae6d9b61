import { beforeAll, describe, expect, it } from 'vitest';
import { authStatementContexts } from '../../../test/harness/auth-statement-contexts.js';
import { loadSqlParser } from '../../migrations/sql-parser.js';
import type { StatementContext } from '../rule.js';

beforeAll(loadSqlParser);

/** The contexts of an `auth` migration's up section, one per statement. */
function contextsOf(up: string): StatementContext[] {
  return authStatementContexts(`-- migrate:up\n${up}\n`);
}

/** The names at the last statement (a `SELECT 1` appended to the migration). */
function namesAtEnd(up: string): StatementContext['namesBefore'] {
  const contexts = contextsOf(`${up}\nSELECT 1;`);
  const last = contexts.at(-1);
  if (last === undefined) throw new Error('no statement');
  return last.namesBefore;
}

const table = (name: string, schema = 'auth') => ({ schema, name });
const column = (tableName: string, name: string, schema = 'auth') => ({
  table: { schema, name: tableName },
  column: name,
});

describe('namesBefore (names before the migration, following earlier renames)', () => {
  it('maps names nothing renamed to themselves', () => {
    const names = namesAtEnd('ALTER TABLE users ADD COLUMN x int;');
    expect(names.table(table('users'))).toEqual(table('users'));
    expect(names.column(table('users'), 'email')).toEqual(column('users', 'email'));
  });

  it('keeps the service table when a TEMP table of the same name is created, and forgets it for a real one', () => {
    const temporary = namesAtEnd(
      'CREATE TEMP TABLE users (id int);\nCREATE TEMP TABLE sessions AS SELECT 1 AS id;',
    );
    expect(temporary.table(table('users'))).toEqual(table('users'));
    expect(temporary.table(table('sessions'))).toEqual(table('sessions'));
    const replaced = namesAtEnd('DROP TABLE users;\nCREATE TABLE users (id int);');
    expect(replaced.table(table('users'))).toBeNull();
  });

  it('leaves the service table alone when a TEMP table of its name is altered, renamed and dropped', () => {
    const names = namesAtEnd(
      [
        'CREATE TEMP TABLE users (id int, email text);',
        'ALTER TABLE users DROP COLUMN email;',
        'ALTER TABLE users RENAME TO people;',
        'DROP TABLE people;',
        'CREATE TEMP TABLE sessions (id int);',
        'DROP TABLE sessions;',
        'ALTER TABLE sessions DROP COLUMN token;',
      ].join('\n'),
    );
    expect(names.table(table('users'))).toEqual(table('users'));
    expect(names.column(table('users'), 'email')).toEqual(column('users', 'email'));
    expect(names.table(table('people'))).toEqual(table('people'));
    // Once the temporary table is dropped, the name is the service's table again.
    expect(names.column(table('sessions'), 'token')).toBeNull();
  });

  it('follows a column rename, with or without the COLUMN keyword, and frees the old name', () => {
    const names = namesAtEnd(
      'ALTER TABLE users RENAME COLUMN small TO tiny;\nALTER TABLE auth.users RENAME big TO huge;',
    );
    expect(names.column(table('users'), 'tiny')).toEqual(column('users', 'small'));
    expect(names.column(table('users'), 'huge')).toEqual(column('users', 'big'));
    expect(names.column(table('users'), 'small')).toBeNull();
    expect(names.column(table('users'), 'big')).toBeNull();
  });

  it('follows table renames (qualified, IF EXISTS) and SET SCHEMA, keeping the columns with the table', () => {
    const names = namesAtEnd(
      [
        'ALTER TABLE users RENAME COLUMN small TO tiny;',
        'ALTER TABLE IF EXISTS auth.users RENAME TO people;',
        'ALTER TABLE people SET SCHEMA archive;',
        'ALTER TABLE archive.people RENAME COLUMN tiny TO wee;',
      ].join('\n'),
    );
    expect(names.table(table('people', 'archive'))).toEqual(table('users'));
    expect(names.column(table('people', 'archive'), 'wee')).toEqual(column('users', 'small'));
    expect(names.column(table('people', 'archive'), 'email')).toEqual(column('users', 'email'));
    expect(names.table(table('users'))).toBeNull();
    expect(names.table(table('people'))).toBeNull();
  });

  it('gives each statement the names as they are before it, not after', () => {
    const contexts = contextsOf(
      'ALTER TABLE users RENAME TO people;\nALTER TABLE people RENAME TO persons;\nSELECT 1;',
    );
    expect(contexts.map((c) => c.namesBefore.table(table('people')))).toEqual([
      table('people'),
      table('users'),
      null,
    ]);
    expect(contexts[2]?.namesBefore.table(table('persons'))).toEqual(table('users'));
    // A statement that changes no name shares the snapshot of the one before it.
    const snapshots = contextsOf(
      'ALTER TABLE a RENAME TO b;\nSELECT 1;\nALTER TABLE b ALTER COLUMN c TYPE text;\nINSERT INTO b VALUES (1);\nSELECT 2;',
    ).map((c) => c.namesBefore);
    expect(snapshots.slice(2).every((snapshot) => snapshot === snapshots[1])).toBe(true);
    expect(snapshots[1]).not.toBe(snapshots[0]);
  });

  it('swaps two tables through a temporary name', () => {
    const names = namesAtEnd(
      'ALTER TABLE a RENAME TO tmp;\nALTER TABLE b RENAME TO a;\nALTER TABLE tmp RENAME TO b;',
    );
    expect([names.table(table('a')), names.table(table('b')), names.table(table('tmp'))]).toEqual([
      table('b'),
      table('a'),
      null,
    ]);
  });

  it('has no name before for tables created or dropped, nor for columns added or dropped', () => {
    const names = namesAtEnd(
      [
        'ALTER TABLE users RENAME TO old_users;',
        'CREATE TABLE users (id int);',
        'CREATE TABLE IF NOT EXISTS sessions (id int);',
        'DROP TABLE audit_log;',
        'ALTER TABLE old_users DROP COLUMN legacy, ADD COLUMN fresh int, ADD COLUMN IF NOT EXISTS maybe int;',
      ].join('\n'),
    );
    expect(names.table(table('users'))).toBeNull();
    expect(names.column(table('users'), 'id')).toBeNull();
    expect(names.table(table('sessions'))).toEqual(table('sessions'));
    expect(names.table(table('audit_log'))).toBeNull();
    expect(names.column(table('old_users'), 'legacy')).toBeNull();
    expect(names.column(table('old_users'), 'fresh')).toBeNull();
    expect(names.column(table('old_users'), 'maybe')).toEqual(column('users', 'maybe'));
  });

  it('gives a column renamed onto a dropped one its own name before', () => {
    const names = namesAtEnd(
      'ALTER TABLE users DROP COLUMN code;\nALTER TABLE users RENAME COLUMN code_v2 TO code;',
    );
    expect(names.column(table('users'), 'code')).toEqual(column('users', 'code_v2'));
    expect(names.column(table('users'), 'code_v2')).toBeNull();
  });

  it('leaves renames of other objects (indexes, constraints, views) alone', () => {
    const names = namesAtEnd(
      [
        'ALTER INDEX users_pkey RENAME TO users_pk;',
        'ALTER TABLE users RENAME CONSTRAINT users_email_key TO users_email_uq;',
        'ALTER VIEW active_users RENAME TO users_active;',
      ].join('\n'),
    );
    expect(names.table(table('users_pk'))).toEqual(table('users_pk'));
    expect(names.table(table('users_active'))).toEqual(table('users_active'));
    expect(names.column(table('users'), 'users_email_uq')).toEqual(column('users', 'users_email_uq'));
  });
});
