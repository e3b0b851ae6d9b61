import { describe, expect, it } from 'vitest';
import { checkSql } from '../../../test/harness/review-rule.js';

const rule = 'unreviewed-code';
const before = `CREATE TABLE users (id int PRIMARY KEY, email text);
CREATE PROCEDURE purge() LANGUAGE sql AS $$ DELETE FROM users $$;
CREATE FUNCTION old_backfill() RETURNS void LANGUAGE sql AS $$ UPDATE users SET email = lower(email) $$;`;
const BACKFILL =
  'CREATE FUNCTION backfill() RETURNS void LANGUAGE plpgsql AS $$ BEGIN DELETE FROM users; END $$;';

describe(rule, () => {
  it.each([
    ['a DO block', "DO $$ BEGIN EXECUTE 'DROP TABLE users'; END $$;", 'DO block runs code'],
    ['CALL of a procedure', 'CALL purge();', 'CALL purge runs a procedure'],
    [
      'EXECUTE of a prepared statement',
      'PREPARE wipe AS DELETE FROM users;\nEXECUTE wipe;',
      'EXECUTE wipe runs a prepared statement',
    ],
    [
      'SELECT of a function created earlier in the migration',
      `${BACKFILL}\nSELECT backfill();`,
      'calls app.backfill (created at line 2), a function created earlier in this migration',
    ],
    [
      'a schema-qualified call of it in an INSERT ... SELECT',
      `${BACKFILL}\nINSERT INTO users SELECT 1, app.backfill()::text;`,
      'calls app.backfill (created at line 2)',
    ],
    [
      'a call of it in a FROM list',
      `CREATE OR REPLACE FUNCTION app.fix() RETURNS SETOF int LANGUAGE sql AS $$ SELECT 1 $$;\nSELECT * FROM fix();`,
      'calls app.fix (created at line 2)',
    ],
  ])('flags %s', async (_name, migration, message) => {
    const violations = await checkSql({ before, migration, rule });
    expect(violations.map((v) => v.severity)).toEqual(['warning']);
    expect(violations[0]?.message).toContain(message);
    expect(violations[0]?.message).toContain('not reviewed');
    expect(violations[0]?.help).toContain('-- dbward:allow unreviewed-code reason="..."');
  });

  it('points at the call, and names every function created in the migration that the statement calls', async () => {
    const migration = `${BACKFILL}\nCREATE FUNCTION other() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;\nSELECT now(), backfill(), other(), backfill();`;
    const violations = await checkSql({ before, migration, rule });
    expect(violations.map((v) => [v.line, v.column, v.target])).toEqual([
      [4, 'SELECT now(), '.length + 1, 'app.backfill, app.other'],
    ]);
    expect(violations[0]?.message).toMatch(
      /^calls app\.backfill \(created at line 2\), app\.other \(created at line 3\), functions created earlier/,
    );
  });

  it.each([
    ['CREATE FUNCTION itself', BACKFILL],
    ['CREATE PROCEDURE itself', 'CREATE PROCEDURE wipe() LANGUAGE sql AS $$ DELETE FROM users $$;'],
    ['calls of built-in functions', "SELECT now(), lower('X'), gen_random_uuid(), pg_catalog.upper('y');"],
    ['a function created in an earlier migration', 'SELECT old_backfill();'],
    ['a call before the function is created', `SELECT backfill();\n${BACKFILL}`],
    ['a view storing a call for later', `${BACKFILL}\nCREATE VIEW v AS SELECT backfill();`],
    [
      'a function of the same name in another schema',
      `CREATE FUNCTION other.backfill() RETURNS void LANGUAGE sql AS $$ SELECT 1 $$;\nSELECT backfill();`,
    ],
    ['PREPARE without EXECUTE', 'PREPARE wipe AS DELETE FROM users WHERE id = $1;'],
    [
      'a DO block in the down section',
      '-- migrate:up\nSELECT 1;\n-- migrate:down\nDO $$ BEGIN PERFORM 1; END $$;\n',
    ],
  ])('does not flag %s', async (_name, migration) => {
    expect(await checkSql({ before, migration, rule, otherServices: ['other'] })).toEqual([]);
  });
});
