import { describe, expect, it } from 'vitest';
import { checkSql } from '../../../test/harness/review-rule.js';

const rule = 'cross-schema-reference';
const before =
  'CREATE TABLE requests (id int PRIMARY KEY, user_id int); CREATE TABLE auth.users (id int PRIMARY KEY, email text);';
const service = 'leaves';
const otherServices = ['auth', 'expenses'];

async function check(migration: string) {
  return checkSql({ before, service, otherServices, migration, rule });
}

describe(rule, () => {
  it('flags DML reading another service schema, naming the service and target', async () => {
    const violations = await check('INSERT INTO requests (id, user_id) SELECT id, id FROM auth.users;');
    expect(violations.map((v) => [v.target, v.severity])).toEqual([['auth.users', 'error']]);
    expect(violations[0]?.message).toContain('service auth');
    expect(violations[0]?.column).toBe('INSERT INTO requests (id, user_id) SELECT id, id FROM '.length + 1);
  });

  it.each([
    ['UPDATE of another schema', 'UPDATE auth.users SET email = lower(email) WHERE id > 0;', ['auth.users']],
    [
      'DELETE using a join',
      'DELETE FROM requests r USING auth.users u WHERE r.user_id = u.id;',
      ['auth.users'],
    ],
    ['CREATE TABLE in another schema', 'CREATE TABLE expenses.claims (id int);', ['expenses.claims']],
    ['GRANT on another schema', 'GRANT USAGE ON SCHEMA auth TO leaves_app;', ['auth']],
    [
      'a subquery in a view',
      'CREATE VIEW v AS SELECT * FROM requests WHERE user_id IN (SELECT id FROM auth.users);',
      ['auth.users'],
    ],
    ['DROP TABLE of an unconfigured schema', 'DROP TABLE IF EXISTS billing.plans;', ['billing.plans']],
    ['a function of another service', 'SELECT auth.hash_email(email) FROM requests;', ['auth.hash_email']],
    [
      'an extension installed in another service schema',
      'CREATE EXTENSION IF NOT EXISTS citext SCHEMA auth;',
      ['auth'],
    ],
    [
      'DROP TRIGGER on a table of another service',
      'DROP TRIGGER IF EXISTS audit_trg ON auth.users;',
      ['auth.users'],
    ],
    ['SET search_path to another schema', 'SET search_path TO auth;', ['auth']],
    ['an enum type created in another schema', "CREATE TYPE auth.role AS ENUM ('a');", ['auth.role']],
    ['a column type from another schema', 'ALTER TABLE requests ADD COLUMN r auth.role;', ['auth.role']],
    ['COMMENT ON COLUMN of another schema', "COMMENT ON COLUMN auth.users.email IS 'x';", ['auth.users']],
    [
      'default privileges in another schema',
      'ALTER DEFAULT PRIVILEGES IN SCHEMA auth GRANT SELECT ON TABLES TO leaves_app;',
      ['auth'],
    ],
    ['CREATE TABLE ... (LIKE other.t)', 'CREATE TABLE copy (LIKE auth.users);', ['auth.users']],
    ['moving a table into another schema', 'ALTER TABLE requests SET SCHEMA expenses;', ['expenses']],
  ])('flags %s', async (_name, migration, targets) => {
    const violations = await check(migration);
    expect(violations.map((v) => v.target)).toEqual(targets);
  });

  it('points at the function of a trigger, which the parse tree gives no position for', async () => {
    const migration =
      'CREATE TRIGGER trg BEFORE INSERT ON requests\n  FOR EACH ROW EXECUTE FUNCTION auth.touch_row();';
    const violations = await check(migration);
    expect(violations.map((v) => [v.target, v.line, v.column])).toEqual([
      ['auth.touch_row', 3, '  FOR EACH ROW EXECUTE FUNCTION '.length + 1],
    ]);
    // Quoted or not, the name is found where it is written, not where the same word appears first.
    const quoted = await check(
      'CREATE TRIGGER auth BEFORE INSERT ON requests FOR EACH ROW EXECUTE PROCEDURE "auth".Touch_Row();',
    );
    expect(quoted.map((v) => [v.target, v.column])).toEqual([
      [
        'auth.touch_row',
        'CREATE TRIGGER auth BEFORE INSERT ON requests FOR EACH ROW EXECUTE PROCEDURE '.length + 1,
      ],
    ]);
  });

  it.each([
    ['DROP TABLE', 'DROP TABLE IF EXISTS requests, billing.plans;', 'DROP TABLE IF EXISTS requests, '],
    ['GRANT ON SCHEMA', 'GRANT USAGE ON SCHEMA auth TO auth_reader;', 'GRANT USAGE ON SCHEMA '],
    ['ALTER ... SET SCHEMA', 'ALTER TABLE requests SET SCHEMA expenses;', 'ALTER TABLE requests SET SCHEMA '],
  ])(
    'points at the name of %s, which has no position in the parse tree',
    async (_name, migration, prefix) => {
      const violations = await check(migration);
      expect(violations.map((v) => v.column)).toEqual([prefix.length + 1]);
    },
  );

  it("labels an extension's schema as such, not as a function or type", async () => {
    const [created] = await check('CREATE EXTENSION IF NOT EXISTS citext SCHEMA auth;');
    expect(created?.message).toBe(
      'a migration of service leaves installs extension citext in schema auth, owned by service auth',
    );
    expect(created?.help).toContain('Install extension citext in schema leaves, or in public');
    const [moved] = await check('ALTER EXTENSION citext SET SCHEMA billing;');
    expect(moved?.message).toBe(
      'a migration of service leaves moves extension citext to schema billing, outside its schema leaves',
    );
    expect(moved?.column).toBe('ALTER EXTENSION citext SET SCHEMA '.length + 1);
  });

  it('reports one finding per target per statement', async () => {
    const violations = await check('SELECT a.id FROM auth.users a JOIN auth.users b ON a.id = b.id;');
    expect(violations.map((v) => v.target)).toEqual(['auth.users']);
  });

  it('also reviews the down section', async () => {
    const violations = await check(
      '-- migrate:up\nSELECT 1;\n-- migrate:down\nDELETE FROM auth.users WHERE id = 1;\n',
    );
    expect(violations.map((v) => [v.section, v.target])).toEqual([['down', 'auth.users']]);
  });

  it.each([
    ['unqualified names', 'INSERT INTO requests SELECT * FROM requests WHERE id > 10;'],
    ['its own schema qualified', 'CREATE INDEX ON leaves.requests (user_id);'],
    [
      'system catalogs and built-in functions',
      'SELECT pg_catalog.now(), c.relname FROM pg_catalog.pg_class c, information_schema.tables t;',
    ],
    [
      'extension functions in public',
      'ALTER TABLE requests ADD COLUMN token uuid DEFAULT public.gen_random_uuid();',
    ],
    ['its own archive backup', 'INSERT INTO requests SELECT * FROM archive.leaves__requests__20261122;'],
    [
      'a foreign key target (cross-schema-foreign-key reports it)',
      'ALTER TABLE requests ADD FOREIGN KEY (user_id) REFERENCES auth.users (id);',
    ],
    ['schema names inside strings and comments', "SELECT 'auth.users' /* auth.users */;"],
    [
      'a column of its own table in COMMENT ON COLUMN',
      "COMMENT ON COLUMN requests.user_id IS 'auth.users id';",
    ],
    [
      'DROP TRIGGER / POLICY / RULE ... ON an own table',
      'DROP TRIGGER IF EXISTS t ON requests; DROP POLICY IF EXISTS p ON leaves.requests; DROP RULE IF EXISTS r ON requests;',
    ],
    [
      'COMMENT ON CONSTRAINT / TRIGGER of an own table',
      "COMMENT ON CONSTRAINT requests_pkey ON requests IS 'x'; COMMENT ON TRIGGER t ON leaves.requests IS 'y';",
    ],
    ['an extension installed in public', 'CREATE EXTENSION IF NOT EXISTS pgcrypto SCHEMA public;'],
    ['an extension moved to public', 'ALTER EXTENSION pgcrypto SET SCHEMA public;'],
    ['an enum of its own schema', "CREATE TYPE leaves.kind AS ENUM ('a');"],
  ])('does not flag %s', async (_name, migration) => {
    expect(await check(migration)).toEqual([]);
  });
});
