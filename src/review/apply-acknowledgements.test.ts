import { describe, expect, it } from 'vitest';
import { checkSqlFull } from '../../test/harness/review-rule.js';
import type { ResolvedService } from '../config/resolved-config.js';
import { fileFindings } from './file-findings.js';

const before = 'CREATE TABLE users (id int PRIMARY KEY, name text, code text, nick text);';

const service: ResolvedService = {
  name: 'app',
  schema: 'app',
  migrationsDir: 'migrations/app',
  seedsDir: 'seeds/app',
  modelsFile: 'services/app/models.ts',
  schemaFile: 'services/app/schema.sql',
  sourceDir: 'src/services/app',
  readableBy: [],
};

/** review runs every rule on a migration, then its acknowledgements, as `dbward review` does for one file. */
async function review(migration: string) {
  const { violations, file } = await checkSqlFull({ before, migration });
  const findings = await fileFindings({ service, file }, violations, {}, null);
  return {
    findings,
    unused: findings.filter((f) => f.rule === 'unused-acknowledgement').map((f) => [f.line, f.message]),
    dropColumn: findings.filter((f) => f.rule === 'drop-column').map((f) => [f.line, f.acknowledged]),
  };
}

const DOWN = '-- migrate:down\nSELECT 1;\n';

describe('applyAcknowledgements: unused-acknowledgement says what is wrong', () => {
  it('an allow of an id that is no rule says so, with the ids it is close to', async () => {
    const { unused, dropColumn } = await review(
      [
        '-- migrate:up',
        '-- dbward:allow drop-colum reason="unused since v3"',
        'ALTER TABLE users DROP COLUMN code;',
        '-- dbward:allow no-such-check reason="x"',
        'ALTER TABLE users DROP COLUMN nick;',
        DOWN,
      ].join('\n'),
    );
    expect(dropColumn).toEqual([
      [3, false],
      [5, false],
    ]);
    expect(unused).toEqual([
      [
        2,
        'dbward:allow drop-colum acknowledges nothing: drop-colum is not a rule id (did you mean drop-column?)',
      ],
      [
        4,
        'dbward:allow no-such-check acknowledges nothing: no-such-check is not a rule id; the ids are in docs/rules/README.md',
      ],
    ]);
  });

  it('an allow after code on the same line, or in a block comment, is reported as not read', async () => {
    const { unused, dropColumn } = await review(
      [
        '-- migrate:up',
        'ALTER TABLE users DROP COLUMN code; -- dbward:allow drop-column reason="unused since v3"',
        '/* dbward:allow drop-column reason="unused" */',
        'ALTER TABLE users DROP COLUMN nick;',
        '-- prose that mentions dbward:allow is not a directive and not reported',
        DOWN,
      ].join('\n'),
    );
    expect(dropColumn).toEqual([
      [2, false],
      [4, false],
    ]);
    expect(unused.map(([line, message]) => [line, String(message).slice(0, 45)])).toEqual([
      [2, 'this dbward:allow is not read: a directive is'],
      [3, 'this dbward:allow is not read: a directive is'],
    ]);
  });

  it('an allow inside a statement, between its lines, says so and where the finding is', async () => {
    const { unused, dropColumn } = await review(
      [
        '-- migrate:up',
        'ALTER TABLE users',
        '  ADD COLUMN z text,',
        '  -- dbward:allow drop-column reason="unused since v3"',
        '  DROP COLUMN code;',
        DOWN,
      ].join('\n'),
    );
    expect(dropColumn).toEqual([[5, false]]);
    expect(unused).toEqual([
      [
        4,
        'dbward:allow drop-column acknowledges nothing: it is inside the statement at line 2, not on the comment lines just before it; drop-column is reported on the statement at line 2: put the allow on the comment lines just before it',
      ],
    ]);
  });

  it('an allow before -- migrate:up covers only file-level findings, and says where the statement ones are', async () => {
    const { unused, dropColumn } = await review(
      [
        '-- dbward:allow drop-column reason="unused since v3"',
        '-- migrate:up',
        'ALTER TABLE users DROP COLUMN code;',
        'ALTER TABLE users DROP COLUMN nick;',
        DOWN,
      ].join('\n'),
    );
    expect(dropColumn).toEqual([
      [3, false],
      [4, false],
    ]);
    expect(unused).toEqual([
      [
        1,
        'dbward:allow drop-column acknowledges nothing: before -- migrate:up it covers only findings about the whole file, and drop-column has none; drop-column is reported on the statements at lines 3 and 4: put the allow on the comment lines just before each',
      ],
    ]);
  });

  it('an allow on the wrong statement names that statement, and the ones no allow reaches', async () => {
    const { unused, dropColumn } = await review(
      [
        '-- migrate:up',
        '-- dbward:allow drop-column reason="a"',
        'ALTER TABLE users DROP COLUMN code;',
        '-- dbward:allow drop-column reason="b"',
        'CREATE TABLE t (id int);',
        'ALTER TABLE users DROP COLUMN nick;',
        DOWN,
      ].join('\n'),
    );
    expect(dropColumn).toEqual([
      [3, true],
      [6, false],
    ]);
    expect(unused).toEqual([
      [
        4,
        'dbward:allow drop-column acknowledges nothing: no drop-column finding on the statement after it (line 5); drop-column is reported on the statement at line 6: put the allow on the comment lines just before it',
      ],
    ]);
  });

  it('an allow after the last statement of a section says no statement follows it', async () => {
    const { unused } = await review(
      [
        '-- migrate:up',
        'CREATE TABLE t (id int);',
        '-- dbward:allow drop-table reason="x"',
        '-- migrate:down',
        'DROP TABLE t;',
        '-- dbward:allow drop-table reason="y"',
      ].join('\n'),
    );
    expect(unused.map(([, message]) => message)).toEqual([
      'dbward:allow drop-table acknowledges nothing: no statement follows it in the up section',
      'dbward:allow drop-table acknowledges nothing: no statement follows it in the down section',
    ]);
  });

  it('a statement-level allow for a file-level finding points before -- migrate:up', async () => {
    const { unused, findings } = await review(
      '-- migrate:up\n-- dbward:allow missing-down reason="never rolled back"\nCREATE TABLE t (id int);\n',
    );
    expect(findings.find((f) => f.rule === 'missing-down')?.acknowledged).toBe(false);
    expect(unused).toEqual([
      [
        2,
        'dbward:allow missing-down acknowledges nothing: no missing-down finding on the statement after it (line 3); missing-down is reported about the whole file: put the allow before -- migrate:up',
      ],
    ]);
  });
});
