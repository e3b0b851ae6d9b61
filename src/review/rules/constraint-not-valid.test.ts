import { describe, expect, it } from 'vitest';
import { checkSql } from '../../../test/harness/review-rule.js';

const rule = 'constraint-not-valid';
const before =
  'CREATE TABLE orgs (id int PRIMARY KEY); CREATE TABLE users (id int PRIMARY KEY, org_id int, age int);';

describe(rule, () => {
  it.each([
    [
      'a named FOREIGN KEY',
      'ALTER TABLE users ADD CONSTRAINT users_org FOREIGN KEY (org_id) REFERENCES orgs (id);',
      'FOREIGN KEY users_org',
    ],
    [
      'an unnamed FOREIGN KEY',
      'ALTER TABLE users ADD FOREIGN KEY (org_id) REFERENCES orgs;',
      'FOREIGN KEY checks',
    ],
    ['a CHECK', 'ALTER TABLE app.users ADD CONSTRAINT age_positive CHECK (age > 0);', 'CHECK age_positive'],
  ])('flags %s added without NOT VALID', async (_name, migration, text) => {
    const violations = await checkSql({ before, migration, rule });
    expect(violations.map((v) => [v.target, v.severity])).toEqual([['app.users', 'error']]);
    expect(violations[0]?.message).toContain(text);
    expect(violations[0]?.column).toBe(
      migration.indexOf(migration.includes('CONSTRAINT') ? 'CONSTRAINT' : 'FOREIGN') + 1,
    );
  });

  it.each([
    [
      'FOREIGN KEY ... NOT VALID',
      'ALTER TABLE users ADD CONSTRAINT users_org FOREIGN KEY (org_id) REFERENCES orgs (id) NOT VALID;',
    ],
    ['CHECK ... NOT VALID', 'ALTER TABLE users ADD CONSTRAINT age_positive CHECK (age > 0) NOT VALID;'],
    ['VALIDATE CONSTRAINT (the second step)', 'ALTER TABLE users VALIDATE CONSTRAINT age_positive;'],
    [
      'constraints of a table created in the same migration',
      'CREATE TABLE t (a int);\nALTER TABLE t ADD CHECK (a > 0), ADD FOREIGN KEY (a) REFERENCES orgs;',
    ],
    ['constraints inside CREATE TABLE', 'CREATE TABLE t (a int REFERENCES orgs, CHECK (a > 0));'],
    [
      'a REFERENCES on a new column without a default (all NULL, nothing to check)',
      'ALTER TABLE users ADD COLUMN team_id int REFERENCES orgs (id);',
    ],
    [
      'a REFERENCES on a new column with DEFAULT NULL',
      'ALTER TABLE users ADD COLUMN team_id int DEFAULT NULL::int REFERENCES orgs (id);',
    ],
    [
      'a CHECK on a column added to a table created in the same migration',
      'CREATE TABLE t (a int);\nALTER TABLE t ADD COLUMN n int DEFAULT 0 CHECK (n >= 0);',
    ],
    [
      'VALIDATE in a no-transaction migration after the ADD ... NOT VALID',
      '-- dbward:no-transaction\n-- migrate:up\nALTER TABLE users ADD CONSTRAINT age_positive CHECK (age > 0) NOT VALID;\nALTER TABLE users VALIDATE CONSTRAINT age_positive;\n',
    ],
    [
      'VALIDATE of a constraint added NOT VALID to another table',
      'ALTER TABLE orgs ADD CONSTRAINT id_positive CHECK (id > 0) NOT VALID;\nALTER TABLE users VALIDATE CONSTRAINT id_positive;',
    ],
    [
      'VALIDATE before the ADD ... NOT VALID of the same name',
      'ALTER TABLE users VALIDATE CONSTRAINT age_positive;\nALTER TABLE users DROP CONSTRAINT age_positive, ADD CONSTRAINT age_positive CHECK (age > 0) NOT VALID;',
    ],
  ])('does not flag %s', async (_name, migration) => {
    expect(await checkSql({ before, migration, rule })).toEqual([]);
  });

  it.each([
    [
      'a CHECK',
      'ALTER TABLE users ADD COLUMN n int CHECK (n >= 0);',
      'ADD COLUMN n with a CHECK checks every row of app.users',
      'CHECK',
    ],
    [
      'a CHECK with a default',
      'ALTER TABLE users ADD COLUMN n int DEFAULT 0 CHECK (n >= 0);',
      'ADD COLUMN n with a CHECK',
      'CHECK',
    ],
    [
      'a REFERENCES with a non-null default',
      'ALTER TABLE users ADD COLUMN org2_id int DEFAULT 1 REFERENCES orgs (id);',
      'ADD COLUMN org2_id with REFERENCES and a non-null default checks every row of app.users against orgs',
      'REFERENCES',
    ],
    [
      'a REFERENCES on an identity column',
      'ALTER TABLE users ADD COLUMN seq int GENERATED ALWAYS AS IDENTITY REFERENCES orgs (id);',
      'ADD COLUMN seq with REFERENCES',
      'REFERENCES',
    ],
  ])('flags a constraint on ADD COLUMN: %s', async (_name, migration, text, caretAt) => {
    const violations = await checkSql({ before, migration, rule });
    expect(violations.map((v) => [v.target, v.severity])).toEqual([['app.users', 'error']]);
    expect(violations[0]?.message).toContain(text);
    expect(violations[0]?.help).toContain('NOT VALID');
    expect(violations[0]?.column).toBe(migration.indexOf(caretAt) + 1);
  });

  it.each([
    [
      'a CHECK',
      'ALTER TABLE users ADD CONSTRAINT age_positive CHECK (age > 0) NOT VALID;\nALTER TABLE users VALIDATE CONSTRAINT age_positive;',
      'ACCESS EXCLUSIVE',
    ],
    [
      'a FOREIGN KEY, after other statements',
      'ALTER TABLE users ADD CONSTRAINT users_org FOREIGN KEY (org_id) REFERENCES orgs (id) NOT VALID;\nSELECT 1;\nALTER TABLE app.users VALIDATE CONSTRAINT users_org;',
      'SHARE ROW EXCLUSIVE lock on both tables',
    ],
  ])(
    'flags VALIDATE CONSTRAINT of %s added NOT VALID earlier in the same transaction',
    async (_name, sql, lock) => {
      const violations = await checkSql({ before, migration: sql, rule });
      const lines = sql.split('\n');
      expect(violations.map((v) => [v.target, v.line, v.column])).toEqual([
        ['app.users', lines.length + 1, (lines.at(-1) ?? '').indexOf('VALIDATE') + 1],
      ]);
      expect(violations[0]?.message).toContain('same transaction');
      expect(violations[0]?.message).toContain(lock);
      expect(violations[0]?.help).toContain('later migration');
    },
  );

  it('flags VALIDATE in the same statement as the ADD ... NOT VALID', async () => {
    const migration =
      'ALTER TABLE users ADD CONSTRAINT age_positive CHECK (age > 0) NOT VALID, VALIDATE CONSTRAINT age_positive;';
    const violations = await checkSql({ before, migration, rule });
    expect(violations.map((v) => v.column)).toEqual([migration.indexOf('VALIDATE') + 1]);
  });

  describe('a foreign key on a partitioned table', () => {
    // Checked on PostgreSQL 15 and 18: only 18 accepts NOT VALID here; 15 adopts validated partition keys.
    const partitioned = `CREATE TABLE orgs (id int PRIMARY KEY);
CREATE TABLE ev (id int, org int) PARTITION BY RANGE (id);
CREATE TABLE ev_1 PARTITION OF ev FOR VALUES FROM (0) TO (100);`;

    it('is an error with NOT VALID: PostgreSQL 17 and earlier refuse it', async () => {
      const migration =
        'ALTER TABLE ev ADD CONSTRAINT ev_org_fk FOREIGN KEY (org) REFERENCES orgs (id) NOT VALID;';
      const violations = await checkSql({ before: partitioned, migration, rule });
      expect(violations.map((v) => [v.target, v.severity])).toEqual([['app.ev', 'error']]);
      expect(violations[0]?.message).toContain('PostgreSQL 17 and earlier');
      expect(violations[0]?.message).toContain('PostgreSQL 18 accepts it');
      expect(violations[0]?.help).toContain(
        'ALTER TABLE <partition> ADD CONSTRAINT <name> FOREIGN KEY (org) REFERENCES orgs (id) NOT VALID on each partition',
      );
    });

    it('recommends the per-partition recipe, not NOT VALID on the parent, for the plain form', async () => {
      const migration = 'ALTER TABLE ev ADD CONSTRAINT ev_org_fk FOREIGN KEY (org) REFERENCES orgs (id);';
      const violations = await checkSql({ before: partitioned, migration, rule });
      expect(violations.map((v) => v.target)).toEqual(['app.ev']);
      expect(violations[0]?.help).toContain("adopts the partitions' validated keys without scanning them");
      expect(violations[0]?.help).toContain('short lock_timeout');
      expect(violations[0]?.help).toContain('On PostgreSQL 18: ADD ... NOT VALID on ev');
    });

    it('gives the recipe for a REFERENCES with a default on ADD COLUMN of a partitioned table', async () => {
      const migration = 'ALTER TABLE ev ADD COLUMN org2 int DEFAULT 1 REFERENCES orgs (id);';
      const violations = await checkSql({ before: partitioned, migration, rule });
      expect(violations[0]?.help).toContain('PostgreSQL 17 and earlier refuse NOT VALID');
    });

    it('does not flag NOT VALID on a partition, a CHECK NOT VALID on the parent, or a key referencing it', async () => {
      const migration = `ALTER TABLE ev_1 ADD CONSTRAINT ev_1_org_fk FOREIGN KEY (org) REFERENCES orgs (id) NOT VALID;
ALTER TABLE ev ADD CONSTRAINT ev_org_positive CHECK (org > 0) NOT VALID;
ALTER TABLE refs ADD CONSTRAINT refs_evp FOREIGN KEY (ev_id) REFERENCES evp (id) NOT VALID;`;
      const referenced = `${partitioned}
CREATE TABLE evp (id int PRIMARY KEY) PARTITION BY RANGE (id); CREATE TABLE refs (ev_id int);`;
      expect(await checkSql({ before: referenced, migration, rule })).toEqual([]);
    });
  });

  it('does not flag ADD COLUMN IF NOT EXISTS ... CHECK of a column the table already has', async () => {
    const migration = 'ALTER TABLE users ADD COLUMN IF NOT EXISTS age int CHECK (age > 0);';
    expect(await checkSql({ before, migration, rule })).toEqual([]);
  });

  it('does not flag ALTER TABLE IF EXISTS of a table neither the schema before nor the target has', async () => {
    const migration = 'ALTER TABLE IF EXISTS legacy ADD CONSTRAINT c CHECK (x > 0);';
    expect(await checkSql({ before, migration, rule })).toEqual([]);
  });
});
