import { describe, expect, it } from 'vitest';
import { checkSql } from '../../../test/harness/review-rule.js';

const rule = 'cross-schema-foreign-key';
const before = 'CREATE TABLE requests (id int PRIMARY KEY, user_id int);';
const otherServices = ['auth'];
const authUsers = 'CREATE TABLE auth.users (id int PRIMARY KEY); CREATE TABLE users (id int PRIMARY KEY);';

describe(rule, () => {
  it('flags an inline REFERENCES to another service in CREATE TABLE, naming the service', async () => {
    const violations = await checkSql({
      before: authUsers,
      otherServices,
      migration: 'CREATE TABLE approvals (id int, user_id int REFERENCES auth.users (id));',
      rule,
    });
    expect(violations.map((v) => [v.target, v.severity])).toEqual([['auth.users', 'error']]);
    expect(violations[0]?.message).toContain('service auth');
    expect(violations[0]?.column).toBe('CREATE TABLE approvals (id int, user_id int REFERENCES '.length + 1);
  });

  it('flags a table-level FOREIGN KEY to another schema', async () => {
    const violations = await checkSql({
      before: authUsers,
      otherServices,
      migration: 'CREATE TABLE approvals (id int, uid int, FOREIGN KEY (uid) REFERENCES auth.users (id));',
      rule,
    });
    expect(violations.map((v) => v.target)).toEqual(['auth.users']);
  });

  it('flags ALTER TABLE ADD FOREIGN KEY and ADD COLUMN REFERENCES to an unconfigured schema', async () => {
    const violations = await checkSql({
      before: `${before} CREATE SCHEMA billing; CREATE TABLE billing.plans (id int PRIMARY KEY);`,
      migration:
        'ALTER TABLE requests ADD CONSTRAINT fk_user FOREIGN KEY (user_id) REFERENCES billing.plans (id) NOT VALID;\nALTER TABLE requests ADD COLUMN plan_id int REFERENCES billing.plans;',
      rule,
    });
    expect(violations.map((v) => [v.target, v.line])).toEqual([
      ['billing.plans', 2],
      ['billing.plans', 3],
    ]);
    expect(violations[0]?.message).toContain('schema billing');
  });

  it('does not flag a foreign key to an unqualified table (the own schema)', async () => {
    const migration = 'ALTER TABLE requests ADD FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;';
    expect(await checkSql({ before: `${before} ${authUsers}`, otherServices, migration, rule })).toEqual([]);
  });

  it('does not flag a foreign key to the own schema written qualified', async () => {
    const migration = 'CREATE TABLE notes (id int, request_id int REFERENCES app.requests (id));';
    expect(await checkSql({ before, migration, rule })).toEqual([]);
  });

  it('does not flag a plain id column that only names the other service', async () => {
    const migration =
      'CREATE TABLE approvals (id int, auth_user_id int NOT NULL);\nCOMMENT ON COLUMN approvals.auth_user_id IS $$auth.users id$$;';
    expect(await checkSql({ before, otherServices, migration, rule })).toEqual([]);
  });
});
