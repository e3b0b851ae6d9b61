import { describe, expect, it } from 'vitest';
import { checkSql, checkSqlFull } from '../../../test/harness/review-rule.js';

const rule = 'missing-down';

describe(rule, () => {
  it('flags a file without a down section, at the start of the file', async () => {
    const violations = await checkSql({ migration: '-- migrate:up\nCREATE TABLE t (id int);\n', rule });
    expect(violations.map((v) => [v.severity, v.line, v.column, v.statement])).toEqual([
      ['warning', 1, 1, null],
    ]);
    expect(violations[0]?.message).toContain('no "-- migrate:down" section');
  });

  it('flags an empty down section, pointing at its marker', async () => {
    const violations = await checkSql({
      migration: '-- migrate:up\nCREATE TABLE t (id int);\n\n-- migrate:down\n\n',
      rule,
    });
    expect(violations.map((v) => [v.line, v.column])).toEqual([[4, 1]]);
    expect(violations[0]?.message).toContain('empty down section');
  });

  it('flags a down section holding only comments', async () => {
    const migration = '-- migrate:up\nCREATE TABLE t (id int);\n-- migrate:down\n-- nothing to undo\n';
    expect((await checkSql({ migration, rule })).map((v) => v.rule)).toEqual([rule]);
  });

  it('flags a TypeScript migration that exports no down function', async () => {
    const migration = 'export async function up(db) {\n  await db.exec("SELECT 1");\n}\n';
    const violations = await checkSql({ migration, fileName: '0002_backfill.ts', rule });
    expect(violations.map((v) => v.message)).toEqual([
      'migrations/app/0002_backfill.ts exports no down function, so it cannot be rolled back',
    ]);
  });

  it('does not flag a TypeScript migration that exports down', async () => {
    const migration = 'export async function up(db) {}\nexport const down = async (db) => {};\n';
    expect(await checkSql({ migration, fileName: '0002_backfill.ts', rule })).toEqual([]);
  });

  it('does not flag a file with a down statement', async () => {
    const migration = '-- migrate:up\nCREATE TABLE t (id int);\n-- migrate:down\nDROP TABLE t;\n';
    expect(await checkSql({ migration, rule })).toEqual([]);
  });

  it('does not flag a down section before the up section (dbmate accepts either order)', async () => {
    const migration = '-- migrate:down\nDROP TABLE t;\n-- migrate:up\nCREATE TABLE t (id int);\n';
    expect(await checkSql({ migration, rule })).toEqual([]);
  });

  it('does not double-report a down section that fails to parse (syntax-error covers it)', async () => {
    const migration = '-- migrate:up\nCREATE TABLE t (id int);\n-- migrate:down\nDROP TABL t;\n';
    const { violations, file } = await checkSqlFull({ migration, rule });
    expect(file.problems.map((p) => p.code)).toEqual(['syntax-error']);
    expect(violations).toEqual([]);
  });
});
