import { beforeAll, describe, expect, it } from 'vitest';
import type { ResolvedService } from '../../config/resolved-config.js';
import { parseMigrationText } from '../../migrations/parse-migration-file.js';
import { loadSqlParser } from '../../migrations/sql-parser.js';
import type { ServiceMigration } from '../estate-migrations.js';
import { applySchemaEffectSteps, applySchemaEffects, schemasAffected } from './apply-schema-effects.js';
import { migrationSchemaEffects } from './migration-schema-effects.js';
import type { SchemaEffect } from './schema-effect.js';
import { emptySchemaState, type SchemaState } from './schema-state.js';

const SCHEMAS = ['auth', 'leaves', 'audit'];

function migration(schema: string, up: string, fileName = '0002_change.sql'): ServiceMigration {
  const path = `migrations/${schema}/${fileName}`;
  const file = parseMigrationText(`-- migrate:up\n${up}\n`, { path, absolutePath: `/x/${path}`, fileName });
  return { service: { name: schema, schema } as ResolvedService, file };
}

/** A state where every schema exists with one table. */
function baseState(): SchemaState {
  let state = emptySchemaState(SCHEMAS);
  for (const schema of SCHEMAS) {
    const setup = migration(schema, 'CREATE TABLE t (id int PRIMARY KEY, name text);', '0001_setup.sql');
    state = applySchemaEffects(state, migrationSchemaEffects(setup), setup.file.path);
  }
  return state;
}

function inexactAfter(schema: string, up: string): string[] {
  const change = migration(schema, up);
  return [
    ...applySchemaEffects(baseState(), migrationSchemaEffects(change), change.file.path).inexact.keys(),
  ].sort();
}

beforeAll(async () => {
  await loadSqlParser();
});

describe('schema effects the model does not follow', () => {
  it.each([
    ['a DO block', 'DO $$ BEGIN EXECUTE $x$CREATE TABLE q (a int)$x$; END $$;', SCHEMAS],
    ['CALL', 'CALL do_things();', SCHEMAS],
    ['a SELECT calling a function of the estate', 'SELECT create_partitions();', SCHEMAS],
    ['a search_path of two schemas', 'SET search_path TO leaves, public;\nCREATE TABLE x (a int);', SCHEMAS],
    ['DROP FUNCTION ... CASCADE', 'DROP FUNCTION f() CASCADE;', SCHEMAS],
    ['CREATE TABLE ... LIKE', 'CREATE TABLE copy (LIKE t);', ['leaves']],
    ['CREATE TABLE ... PARTITION OF', 'CREATE TABLE p1 PARTITION OF t FOR VALUES IN (1);', ['leaves']],
    ['CREATE TABLE AS', 'CREATE TABLE snapshot AS SELECT * FROM t;', ['leaves']],
    ['an unmodelled ALTER TABLE subcommand', 'ALTER TABLE t INHERIT audit.t;', ['leaves']],
    ['a qualified CREATE TABLE ... LIKE elsewhere', 'CREATE TABLE audit.copy (LIKE t);', ['audit']],
    ['an ALTER of a table the model lacks', 'ALTER TABLE missing ADD COLUMN a int;', ['leaves']],
    ['a name clash', 'CREATE TABLE t (id int);', ['leaves']],
    [
      'a clash that rolls back changes to another schema too',
      'CREATE TABLE audit.more (a int);\nCREATE TABLE t (id int);',
      ['audit', 'leaves'],
    ],
    [
      'a foreign key to an unfollowed schema without columns',
      'CREATE TABLE r (a int REFERENCES public.elsewhere);',
      ['leaves'],
    ],
  ])('%s marks the schemas it may change inexact', (_what, up, expected) => {
    expect(inexactAfter('leaves', up)).toEqual([...expected].sort());
  });

  it.each([
    ['DML', "INSERT INTO t VALUES (1, 'a');\nUPDATE t SET name = 'b';\nDELETE FROM t;\nTRUNCATE t;"],
    ['grants, analyze, settings', "GRANT SELECT ON t TO PUBLIC;\nANALYZE t;\nSET lock_timeout = '1s';"],
    ['a function definition', 'CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;'],
    ['a SELECT of built-ins', "SELECT setval('t_id_seq', 1), now();"],
    [
      'storage and trigger subcommands',
      'ALTER TABLE t ALTER COLUMN name SET STATISTICS 10, SET (fillfactor = 70), DISABLE TRIGGER ALL;',
    ],
    ['a temporary table', 'CREATE TEMP TABLE w (a int);\nALTER TABLE w ADD COLUMN b int;\nDROP TABLE w;'],
  ])('%s keeps every schema exact', (_what, up) => {
    expect(inexactAfter('leaves', up)).toEqual([]);
  });

  it('gives one unknown effect for a TypeScript migration', () => {
    const ts = migration('auth', 'SELECT 1;');
    const effects = migrationSchemaEffects({ ...ts, file: { ...ts.file, format: 'ts', up: null } });
    expect(effects).toEqual([
      { kind: 'unknown', schemas: 'all', reason: 'TypeScript migration', at: { line: 1, column: 1 } },
    ]);
    expect(schemasAffected(effects)).toBe('all');
  });

  it('says where and why, and keeps the first reason', () => {
    const first = migration('leaves', 'SELECT 1;\nDO $$ BEGIN END $$;');
    const second = migration('leaves', 'CALL p();', '0003_more.sql');
    let state = applySchemaEffects(baseState(), migrationSchemaEffects(first), first.file.path);
    state = applySchemaEffects(state, migrationSchemaEffects(second), second.file.path);
    expect(state.inexact.get('auth')).toBe('migrations/leaves/0002_change.sql:3:1: Do statement');
  });
});

describe('applying several files through one draft', () => {
  it('reaches the state of applying them one by one, and leaves the input alone', () => {
    const files = [
      migration('leaves', 'CREATE TABLE a (id int PRIMARY KEY);', '0002_a.sql'),
      migration('leaves', 'ALTER TABLE a ADD COLUMN note text;\nCREATE INDEX ON a (note);', '0003_b.sql'),
      migration('audit', 'ALTER TABLE t RENAME COLUMN name TO label;', '0004_c.sql'),
      migration('leaves', 'CREATE TABLE a (id int);', '0005_clash.sql'),
      migration('leaves', 'ALTER TABLE a DROP COLUMN note;', '0006_d.sql'),
    ];
    const start = baseState();
    const before = JSON.stringify({ schemas: [...start.schemas], inexact: [...start.inexact] });
    let oneByOne = start;
    for (const file of files)
      oneByOne = applySchemaEffects(oneByOne, migrationSchemaEffects(file), file.file.path);
    const batched = applySchemaEffectSteps(
      start,
      files.map((file) => ({ effects: migrationSchemaEffects(file), where: file.file.path })),
    );
    expect([...batched.schemas]).toEqual([...oneByOne.schemas]);
    expect([...batched.inexact]).toEqual([...oneByOne.inexact]);
    expect(batched.inexact.get('leaves')).toContain('0005_clash.sql');
    expect(
      batched.schemas
        .get('leaves')
        ?.tables.find((t) => t.name === 'a')
        ?.columns.map((c) => c.name),
    ).toEqual(['id']);
    expect(JSON.stringify({ schemas: [...start.schemas], inexact: [...start.inexact] })).toBe(before);
  });
});

describe('schema effects as data', () => {
  it('round-trip through JSON', () => {
    const change = migration(
      'leaves',
      `CREATE TYPE mood AS ENUM ('a');
CREATE TABLE x (id bigserial PRIMARY KEY, m mood[], n numeric(5,2) CHECK (n > 0), r int REFERENCES t);
ALTER TABLE x ADD CONSTRAINT x_n CHECK (n IS NOT NULL) NOT VALID, ALTER COLUMN n TYPE numeric(6,2);
CREATE INDEX ON x (lower(m::text)) INCLUDE (n) WHERE n > 1;
DROP INDEX x_lower_idx;
DO $$ BEGIN END $$;`,
    );
    const effects: SchemaEffect[] = migrationSchemaEffects(change);
    expect(effects.length).toBe(7);
    expect(JSON.parse(JSON.stringify(effects))).toEqual(effects);
  });

  it('lists the schemas an effect list may change', () => {
    const local = migrationSchemaEffects(
      migration('leaves', 'CREATE TABLE x (a int);\nCREATE INDEX ON audit.t (name);'),
    );
    expect([...(schemasAffected(local) as ReadonlySet<string>)].sort()).toEqual(['audit', 'leaves']);
    // A rename may change foreign keys of other schemas that point at the table.
    expect(schemasAffected(migrationSchemaEffects(migration('leaves', 'ALTER TABLE t RENAME TO u;')))).toBe(
      'all',
    );
  });
});

describe('schema state', () => {
  it('keeps unchanged schemas and tables as the same objects', () => {
    const before = applySchemaEffects(
      baseState(),
      migrationSchemaEffects(migration('leaves', 'CREATE TABLE other (a int);')),
    );
    const change = migration('leaves', 'ALTER TABLE t ADD COLUMN extra int;');
    const after = applySchemaEffects(before, migrationSchemaEffects(change));
    expect(after.schemas.get('auth')).toBe(before.schemas.get('auth'));
    expect(after.schemas.get('audit')).toBe(before.schemas.get('audit'));
    expect(after.schemas.get('leaves')).not.toBe(before.schemas.get('leaves'));
    const table = (state: SchemaState, name: string) =>
      state.schemas.get('leaves')?.tables.find((t) => t.name === name);
    expect(table(after, 'other')).toBe(table(before, 'other'));
    expect(table(after, 't')?.columns.map((c) => c.name)).toEqual(['id', 'name', 'extra']);
    // The input state is never mutated.
    expect(table(before, 't')?.columns.map((c) => c.name)).toEqual(['id', 'name']);
  });

  it('ignores schemas that are not configured', () => {
    const state = applySchemaEffects(
      baseState(),
      migrationSchemaEffects(migration('leaves', 'CREATE TABLE public.x (a int);')),
    );
    expect([...state.schemas.keys()].sort()).toEqual(['audit', 'auth', 'leaves']);
    expect(state.inexact.size).toBe(0);
  });
});
