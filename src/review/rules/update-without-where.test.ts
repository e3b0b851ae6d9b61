import { describe, expect, it } from 'vitest';
import { checkSql, checkSqlFull } from '../../../test/harness/review-rule.js';

const rule = 'update-without-where';
const before =
  'CREATE TABLE users (id int PRIMARY KEY, active bool, email text); CREATE TABLE src (id int, email text);';

describe(rule, () => {
  it.each([
    ['UPDATE ... SET', 'UPDATE users SET active = true;', 'app.users'],
    ['UPDATE ... FROM without WHERE', 'UPDATE app.users u SET email = s.email FROM src s;', 'app.users'],
    ['UPDATE with RETURNING', 'UPDATE users SET email = lower(email) RETURNING id;', 'app.users'],
    [
      'an UPDATE in a WITH query of a SELECT',
      'WITH changed AS (UPDATE users SET active = false RETURNING id) SELECT count(*) FROM changed;',
      'app.users',
    ],
    [
      'an UPDATE in a WITH query of an INSERT',
      'WITH changed AS (UPDATE users SET active = false RETURNING id) INSERT INTO src (id) SELECT id FROM changed;',
      'app.users',
    ],
    [
      'an UPDATE in a WITH query of a DELETE with WHERE',
      'WITH changed AS (UPDATE users SET active = false RETURNING id) DELETE FROM src WHERE id IN (SELECT id FROM changed);',
      'app.users',
    ],
    [
      'an UPDATE in a WITH query of an UPDATE with WHERE',
      'WITH changed AS (UPDATE users SET active = false RETURNING id) UPDATE src SET email = NULL WHERE id IN (SELECT id FROM changed);',
      'app.users',
    ],
    [
      'MERGE ... ON true WHEN MATCHED THEN UPDATE',
      'MERGE INTO users u USING (SELECT 1 AS id) s ON true WHEN MATCHED THEN UPDATE SET active = false;',
      'app.users',
    ],
    [
      'MERGE whose join names only the source',
      "MERGE INTO users USING (SELECT 'x' AS email) s ON s.email IS NOT NULL WHEN MATCHED THEN UPDATE SET email = s.email;",
      'app.users',
    ],
  ])('flags %s', async (_name, migration, target) => {
    const violations = await checkSql({ before, migration, rule, rowEstimates: { 'app.users': 10 } });
    expect(violations.map((v) => [v.target, v.severity])).toEqual([[target, 'error']]);
    expect(violations[0]?.message).toContain('about 10 rows');
  });

  it('points at the UPDATE inside the WITH query and names the query', async () => {
    const migration =
      'WITH changed AS (UPDATE users SET active = false RETURNING id) SELECT count(*) FROM changed;';
    const violations = await checkSql({ before, migration, rule });
    expect(violations.map((v) => [v.line, v.column])).toEqual([[2, migration.indexOf('users') + 1]]);
    expect(violations[0]?.message).toContain('UPDATE app.users (in WITH changed) without WHERE');
  });

  it('says why a MERGE overwrites every row', async () => {
    const migration =
      'MERGE INTO users u USING (SELECT 1 AS id) s ON true WHEN MATCHED THEN UPDATE SET active = false;';
    const violations = await checkSql({ before, migration, rule });
    expect(violations[0]?.message).toContain('join condition that names no column of app.users');
  });

  it.each([
    ['UPDATE with WHERE', 'UPDATE users SET active = true WHERE active IS NULL;'],
    [
      'UPDATE ... FROM with a join condition',
      'UPDATE users u SET email = s.email FROM src s WHERE s.id = u.id;',
    ],
    ['a table created in the same migration', 'CREATE TABLE tmp (id int, x int);\nUPDATE tmp SET x = 1;'],
    [
      'an UPDATE inside a function body (not run by the migration)',
      "CREATE FUNCTION f() RETURNS void LANGUAGE sql AS 'UPDATE users SET active = true';",
    ],
    [
      'an UPDATE inside a BEGIN ATOMIC function body',
      'CREATE FUNCTION f() RETURNS void LANGUAGE sql BEGIN ATOMIC UPDATE users SET active = true; END;',
    ],
    [
      'an UPDATE with WHERE in a WITH query',
      'WITH changed AS (UPDATE users SET active = false WHERE active IS NULL RETURNING id) SELECT count(*) FROM changed;',
    ],
    ['EXPLAIN without ANALYZE (it does not run)', 'EXPLAIN UPDATE users SET active = true;'],
    [
      'MERGE joined on the target columns',
      'MERGE INTO users u USING src s ON u.id = s.id WHEN MATCHED THEN UPDATE SET email = s.email;',
    ],
    [
      'MERGE ... ON true with a condition on the WHEN clause',
      'MERGE INTO users u USING (SELECT 1 AS id) s ON true WHEN MATCHED AND u.active IS NULL THEN UPDATE SET active = false;',
    ],
    [
      'MERGE ... ON true WHEN MATCHED THEN DELETE (delete-without-where)',
      'MERGE INTO users u USING (SELECT 1 AS id) s ON true WHEN MATCHED THEN DELETE;',
    ],
  ])('does not flag %s', async (_name, migration) => {
    const { violations, file } = await checkSqlFull({ before, migration, rule });
    // A statement that failed to parse would pass for the wrong reason.
    expect(file.problems).toEqual([]);
    expect(violations).toEqual([]);
  });
});
