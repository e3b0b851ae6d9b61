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

  describe('indexes made or dropped by the migration', () => {
    const base = `CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text, name text, org_id bigint);
CREATE TABLE orgs (id bigint PRIMARY KEY);
CREATE TABLE events (id bigint, org_id bigint) PARTITION BY RANGE (id);`;

    it.each([
      [
        'a partial index (the key check has no WHERE to match it)',
        'CREATE TABLE ch (id bigint, org_id bigint, name text);\nCREATE INDEX ch_org ON ch (org_id) WHERE name IS NOT NULL;\nALTER TABLE ch ADD FOREIGN KEY (org_id) REFERENCES orgs;',
        'app.ch(org_id)',
      ],
      [
        'an expression index',
        'CREATE TABLE ch (id bigint, org_id bigint);\nCREATE INDEX ch_org ON ch ((org_id + 0));\nALTER TABLE ch ADD FOREIGN KEY (org_id) REFERENCES orgs;',
        'app.ch(org_id)',
      ],
      [
        'an index created and dropped earlier in the migration',
        'CREATE TABLE ch (id bigint, org_id bigint);\nCREATE INDEX ch_org ON ch (org_id);\nDROP INDEX ch_org;\nALTER TABLE ch ADD FOREIGN KEY (org_id) REFERENCES orgs;',
        'app.ch(org_id)',
      ],
      [
        'an existing index dropped later in the migration',
        'CREATE INDEX users_org ON users (org_id);\nALTER TABLE users ADD FOREIGN KEY (org_id) REFERENCES orgs NOT VALID;\nDROP INDEX users_org;',
        'app.users(org_id)',
      ],
      [
        'a UNIQUE whose constraint is dropped again',
        'CREATE TABLE ch (org_id bigint, slug text, CONSTRAINT ch_u UNIQUE (org_id, slug));\nALTER TABLE ch DROP CONSTRAINT ch_u;\nALTER TABLE ch ADD FOREIGN KEY (org_id) REFERENCES orgs;',
        'app.ch(org_id)',
      ],
    ])('flags %s', async (_name, migration, target) => {
      const violations = await checkSql({ before: base, migration, rule });
      expect(violations.map((v) => v.target)).toEqual([target]);
    });

    it('flags a partial index from the schema before', async () => {
      const violations = await checkSql({
        before: `${base}
CREATE INDEX users_org ON users (org_id) WHERE name IS NOT NULL;`,
        migration: 'ALTER TABLE users ADD FOREIGN KEY (org_id) REFERENCES orgs NOT VALID;',
        rule,
      });
      expect(violations.map((v) => v.target)).toEqual(['app.users(org_id)']);
    });

    it.each([
      [
        'a composite PRIMARY KEY of an earlier CREATE TABLE',
        'CREATE TABLE memberships (user_id bigint NOT NULL, org_id bigint NOT NULL, PRIMARY KEY (user_id, org_id));\nALTER TABLE memberships ADD CONSTRAINT m_user_fk FOREIGN KEY (user_id) REFERENCES users (id);',
      ],
      [
        'a UNIQUE added by an earlier ALTER TABLE',
        'CREATE TABLE ch (org_id bigint, slug text);\nALTER TABLE ch ADD CONSTRAINT ch_slug UNIQUE (org_id, slug);\nALTER TABLE ch ADD FOREIGN KEY (org_id) REFERENCES orgs;',
      ],
      [
        'a CREATE INDEX earlier in the migration',
        'CREATE TABLE ch (id bigint, org_id bigint);\nCREATE INDEX ch_org ON ch (org_id);\nALTER TABLE ch ADD FOREIGN KEY (org_id) REFERENCES orgs;',
      ],
      [
        'an index kept across a table rename',
        'CREATE INDEX users_org ON users (org_id);\nALTER TABLE users RENAME TO members;\nALTER TABLE members ADD FOREIGN KEY (org_id) REFERENCES orgs NOT VALID;',
      ],
    ])('does not flag %s', async (_name, migration) => {
      expect(await checkSql({ before: base, migration, rule })).toEqual([]);
    });

    it('gives the partition recipe, not CREATE INDEX CONCURRENTLY, for a partitioned table', async () => {
      const [violation, ...rest] = await checkSql({
        before: base,
        migration: 'ALTER TABLE events ADD FOREIGN KEY (org_id) REFERENCES orgs;',
        rule,
      });
      expect(rest).toEqual([]);
      expect(violation?.help).toContain('ON ONLY events');
      expect(violation?.help).toContain('ATTACH PARTITION');
      expect(violation?.help).not.toContain('first with CREATE INDEX CONCURRENTLY');
    });
  });
});
