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
      'a REFERENCES on a new column (all NULL, nothing to scan)',
      'ALTER TABLE users ADD COLUMN team_id int REFERENCES orgs (id);',
    ],
  ])('does not flag %s', async (_name, migration) => {
    expect(await checkSql({ before, migration, rule })).toEqual([]);
  });
});
