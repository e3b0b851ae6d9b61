import { describe, expect, it } from 'vitest';
import { checkSql } from '../../../test/harness/review-rule.js';

// The service's tables of the same names exist, so a temporary table mistaken for one is flagged.
const before =
  'CREATE TABLE tmp_ids (id bigint PRIMARY KEY); CREATE TABLE tmp2 (id bigint PRIMARY KEY); CREATE TABLE users (id bigint PRIMARY KEY, email text);';

/** Every rule's findings on an up section (with a down section, so missing-down stays quiet). */
async function findings(up: string): Promise<string[]> {
  const migration = `-- migrate:up\n${up}\n-- migrate:down\nSELECT 1;\n`;
  const violations = await checkSql({ before, migration });
  return violations.map((v) => `${v.rule} ${v.target ?? ''}`);
}

describe('temporary tables (every rule, through name resolution)', () => {
  it('reports nothing on temporary tables created earlier in the migration', async () => {
    const up = [
      'CREATE TEMP TABLE tmp_ids AS SELECT id FROM users;',
      'CREATE INDEX ON tmp_ids (id);',
      'UPDATE tmp_ids SET id = id;',
      'DELETE FROM tmp_ids;',
      'CREATE TEMPORARY TABLE tmp2 (id bigint) ON COMMIT DROP;',
      'TRUNCATE tmp2;',
      'ALTER TABLE tmp2 ADD COLUMN x int NOT NULL;',
      'ALTER TABLE tmp2 ADD COLUMN y uuid DEFAULT gen_random_uuid(), ALTER COLUMN id TYPE int;',
      'ALTER TABLE tmp2 ALTER COLUMN x SET NOT NULL, DROP COLUMN y, ADD CHECK (x > 0);',
      'ALTER TABLE tmp2 RENAME COLUMN x TO z;',
      'ALTER TABLE tmp2 RENAME TO tmp3;',
      'DROP TABLE tmp3;',
      'SELECT * INTO TEMP users FROM app.users;',
      'DELETE FROM users;',
      'DROP TABLE tmp_ids, users;',
    ].join('\n');
    expect(await findings(up)).toEqual([]);
  });

  it('reports nothing on a table named in pg_temp', async () => {
    const up =
      'CREATE TABLE pg_temp.scratch (id int);\nCREATE INDEX ON pg_temp.scratch (id);\nTRUNCATE pg_temp.scratch;\nDELETE FROM scratch;\nDROP TABLE pg_temp.scratch;';
    expect(await findings(up)).toEqual([]);
  });

  it("reports the service's table before the temporary one is created and after it is dropped", async () => {
    const up = [
      'DELETE FROM tmp_ids;',
      'CREATE TEMP TABLE tmp_ids (id bigint);',
      'DELETE FROM tmp_ids;',
      'DROP TABLE tmp_ids;',
      'TRUNCATE tmp_ids;',
      'CREATE TEMP TABLE tmp2 (id bigint);',
      'DROP TABLE app.tmp2;',
    ].join('\n');
    expect(await findings(up)).toEqual([
      'delete-without-where app.tmp_ids',
      'truncate app.tmp_ids',
      'drop-table app.tmp2',
    ]);
  });
});
