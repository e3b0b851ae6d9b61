import { describe, expect, it } from 'vitest';
import { checkSql, checkSqlFull } from '../../../test/harness/review-rule.js';

const rule = 'delete-without-where';
const before = 'CREATE TABLE users (id int PRIMARY KEY, active bool); CREATE TABLE old_users (id int);';

describe(rule, () => {
  it.each([
    ['DELETE FROM t', 'DELETE FROM users;', 'app.users'],
    ['DELETE with an alias, qualified', 'DELETE FROM app.users AS u;', 'app.users'],
    ['DELETE ... USING without WHERE', 'DELETE FROM users USING old_users;', 'app.users'],
    ['DELETE ... RETURNING', 'DELETE FROM old_users RETURNING id;', 'app.old_users'],
    [
      'a DELETE in a WITH query of a SELECT',
      'WITH gone AS (DELETE FROM users RETURNING id) SELECT count(*) FROM gone;',
      'app.users',
    ],
    [
      'a DELETE in a WITH query of an INSERT',
      'WITH gone AS (DELETE FROM old_users RETURNING id) INSERT INTO users (id) SELECT id FROM gone;',
      'app.old_users',
    ],
    [
      'a DELETE in a WITH query of an UPDATE with WHERE',
      'WITH gone AS (DELETE FROM old_users RETURNING id) UPDATE users SET active = false WHERE id IN (SELECT id FROM gone);',
      'app.old_users',
    ],
    [
      'a DELETE in a WITH query of a DELETE with WHERE',
      'WITH gone AS (DELETE FROM old_users RETURNING id) DELETE FROM users WHERE id IN (SELECT id FROM gone);',
      'app.old_users',
    ],
    [
      'a DELETE in a WITH query of a MERGE',
      'WITH gone AS (DELETE FROM old_users RETURNING id) MERGE INTO users u USING gone g ON u.id = g.id WHEN MATCHED THEN DELETE;',
      'app.old_users',
    ],
    [
      'a DELETE in CREATE TABLE ... AS WITH',
      'CREATE TABLE archived AS WITH gone AS (DELETE FROM old_users RETURNING id) SELECT id FROM gone;',
      'app.old_users',
    ],
    ['a DELETE in COPY (...) TO', 'COPY (DELETE FROM old_users RETURNING id) TO STDOUT;', 'app.old_users'],
    ['EXPLAIN ANALYZE DELETE (it runs the delete)', 'EXPLAIN ANALYZE DELETE FROM users;', 'app.users'],
    [
      'MERGE ... ON true WHEN MATCHED THEN DELETE',
      'MERGE INTO users u USING (SELECT 1 AS id) s ON true WHEN MATCHED THEN DELETE;',
      'app.users',
    ],
    [
      'MERGE whose join names only the source',
      'MERGE INTO app.users USING (SELECT 1 AS id) s ON s.id = 1 WHEN MATCHED THEN DELETE;',
      'app.users',
    ],
    [
      'MERGE whose last WHEN MATCHED clause deletes unconditionally',
      'MERGE INTO users u USING (SELECT 1 AS id) s ON 1 = 1 WHEN MATCHED AND u.active THEN UPDATE SET active = false WHEN MATCHED THEN DELETE;',
      'app.users',
    ],
    [
      'a MERGE ... DELETE in a WITH query',
      'WITH m AS (MERGE INTO users u USING (SELECT 1 AS id) s ON true WHEN MATCHED THEN DELETE RETURNING u.id) SELECT count(*) FROM m;',
      'app.users',
    ],
  ])('flags %s', async (_name, migration, target) => {
    const violations = await checkSql({ before, migration, rule });
    expect(violations.map((v) => [v.target, v.severity])).toEqual([[target, 'error']]);
  });

  it('points at the DELETE inside the WITH query and names the query', async () => {
    const migration = 'WITH gone AS (DELETE FROM users RETURNING id) SELECT count(*) FROM gone;';
    const violations = await checkSql({ before, migration, rule, rowEstimates: { 'app.users': 10 } });
    expect(violations.map((v) => [v.line, v.column])).toEqual([[2, migration.indexOf('users') + 1]]);
    expect(violations[0]?.message).toBe(
      'DELETE FROM app.users (in WITH gone) without WHERE deletes every row (about 10 rows)',
    );
  });

  it('flags both the outer DELETE and the one in its WITH query', async () => {
    const migration = 'WITH gone AS (DELETE FROM old_users RETURNING id) DELETE FROM users;';
    const violations = await checkSql({ before, migration, rule });
    expect(violations.map((v) => v.target).sort()).toEqual(['app.old_users', 'app.users']);
  });

  it('says why a MERGE deletes every row', async () => {
    const migration = 'MERGE INTO users u USING (SELECT 1 AS id) s ON true WHEN MATCHED THEN DELETE;';
    const violations = await checkSql({ before, migration, rule });
    expect(violations[0]?.message).toContain('join condition that names no column of app.users');
    expect(violations[0]?.column).toBe(migration.indexOf('users') + 1);
  });

  it.each([
    ['DELETE with WHERE', 'DELETE FROM users WHERE NOT active;'],
    ['DELETE with WHERE true (an explicit choice)', 'DELETE FROM users WHERE true;'],
    [
      'DELETE WHERE CURRENT OF a cursor-free subquery',
      'DELETE FROM users WHERE id IN (SELECT id FROM old_users);',
    ],
    ['a table created in the same migration', 'CREATE TABLE tmp (id int);\nDELETE FROM tmp;'],
    [
      'a DELETE with WHERE in a WITH query',
      'WITH gone AS (DELETE FROM users WHERE NOT active RETURNING id) SELECT count(*) FROM gone;',
    ],
    [
      'a DELETE in a WITH query on a table created in the same migration',
      'CREATE TABLE tmp (id int);\nWITH gone AS (DELETE FROM tmp RETURNING id) SELECT count(*) FROM gone;',
    ],
    ['EXPLAIN without ANALYZE (it does not run)', 'EXPLAIN DELETE FROM users;'],
    ['EXPLAIN (ANALYZE false)', 'EXPLAIN (ANALYZE false) DELETE FROM users;'],
    ['PREPARE (runs only when executed)', 'PREPARE purge AS DELETE FROM users;'],
    ['a rule action', 'CREATE RULE purge AS ON INSERT TO old_users DO ALSO DELETE FROM users;'],
    [
      'a BEGIN ATOMIC function body',
      'CREATE FUNCTION purge() RETURNS void LANGUAGE sql BEGIN ATOMIC DELETE FROM users; END;',
    ],
    [
      'MERGE joined on the target columns',
      'MERGE INTO users u USING old_users o ON u.id = o.id WHEN MATCHED THEN DELETE;',
    ],
    [
      'MERGE ... ON true with a condition on the WHEN clause',
      'MERGE INTO users u USING (SELECT 1 AS id) s ON true WHEN MATCHED AND NOT u.active THEN DELETE;',
    ],
    [
      'MERGE ... WHEN NOT MATCHED BY SOURCE THEN DELETE (deletes what the source lacks)',
      'MERGE INTO users u USING old_users o ON u.id = o.id WHEN NOT MATCHED BY SOURCE THEN DELETE;',
    ],
    [
      'MERGE ... ON true WHEN MATCHED THEN UPDATE (update-without-where)',
      'MERGE INTO users u USING (SELECT 1 AS id) s ON true WHEN MATCHED THEN UPDATE SET active = false;',
    ],
  ])('does not flag %s', async (_name, migration) => {
    const { violations, file } = await checkSqlFull({ before, migration, rule });
    // A statement that failed to parse would pass for the wrong reason.
    expect(file.problems).toEqual([]);
    expect(violations).toEqual([]);
  });
});
