import { describe, expect, it } from 'vitest';
import { checkSql } from '../../../test/harness/review-rule.js';

const rule = 'foreign-key-without-index';
const before = `CREATE TABLE orgs (id int PRIMARY KEY, region int, UNIQUE (id, region));
CREATE TABLE users (id int PRIMARY KEY, org_id int, team_id int, region int);
CREATE INDEX users_team ON users (team_id, id);`;

describe(rule, () => {
  it.each([
    [
      'an inline REFERENCES in CREATE TABLE',
      'CREATE TABLE posts (id int PRIMARY KEY, org_id int REFERENCES orgs);',
      'app.posts(org_id)',
    ],
    [
      'ADD FOREIGN KEY on an unindexed column',
      'ALTER TABLE users ADD FOREIGN KEY (org_id) REFERENCES orgs NOT VALID;',
      'app.users(org_id)',
    ],
    [
      'a two-column key whose index covers only one column',
      'ALTER TABLE users ADD FOREIGN KEY (org_id, region) REFERENCES orgs (id, region) NOT VALID;',
      'app.users(org_id, region)',
    ],
    [
      'an index whose leading column is another one',
      'ALTER TABLE users ADD FOREIGN KEY (region) REFERENCES orgs NOT VALID;\nCREATE INDEX x ON users (id, region);',
      'app.users(region)',
    ],
  ])('flags %s', async (_name, migration, target) => {
    const violations = await checkSql({ before, migration, rule });
    expect(violations.map((v) => [v.target, v.severity])).toEqual([[target, 'warning']]);
  });

  it.each([
    [
      'an index created later in the same migration',
      'CREATE TABLE posts (id int, org_id int REFERENCES orgs);\nCREATE INDEX posts_org ON posts (org_id);',
    ],
    [
      'a key covered by an existing index as its leading column',
      'ALTER TABLE users ADD FOREIGN KEY (team_id) REFERENCES orgs NOT VALID;',
    ],
    ['a key that is the primary key', 'CREATE TABLE profiles (user_id int PRIMARY KEY REFERENCES users);'],
    [
      'a key covered by a UNIQUE constraint of the same CREATE TABLE',
      'CREATE TABLE m (org_id int, user_id int, UNIQUE (org_id, user_id), FOREIGN KEY (org_id) REFERENCES orgs);',
    ],
  ])('does not flag %s', async (_name, migration) => {
    expect(await checkSql({ before, migration, rule })).toEqual([]);
  });
});
