import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkSql, checkSqlFull } from '../../../test/harness/review-rule.js';
import { COMMAND_MODULES } from '../../cli/commands/index.js';

const rule = 'missing-down';

const CLI_COMMANDS = COMMAND_MODULES.map((command) => command.name);

/** namedCommands lists the `dbward <command>` a text tells the reader to run. */
function namedCommands(text: string): string[] {
  return [...text.matchAll(/`dbward ([a-z][a-z-]*)/g)].map((match) => match[1] ?? '');
}

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

  it.each([
    ['no down section', '-- migrate:up\nCREATE TABLE t (id int);\n', '0002_change.sql'],
    [
      'an empty down section',
      '-- migrate:up\nCREATE TABLE t (id int);\n-- migrate:down\n',
      '0002_change.sql',
    ],
    ['a TypeScript migration without down', 'export async function up(db) {}\n', '0002_backfill.ts'],
  ])('its help for %s names only commands the CLI has', async (_name, migration, fileName) => {
    const violations = await checkSql({ migration, fileName, rule });
    expect(violations).toHaveLength(1);
    for (const command of namedCommands(violations[0]?.help ?? '')) expect(CLI_COMMANDS).toContain(command);
  });

  it('its help for a missing down section says how to try one with real commands', async () => {
    const violations = await checkSql({ migration: '-- migrate:up\nCREATE TABLE t (id int);\n', rule });
    expect(namedCommands(violations[0]?.help ?? '')).toEqual(['up', 'down', 'up']);
  });

  it('its docs page names only commands the CLI has', () => {
    const page = readFileSync(new URL('../../../docs/rules/missing-down.md', import.meta.url), 'utf8');
    const named = namedCommands(page);
    expect(named).toContain('down');
    for (const command of named) expect(CLI_COMMANDS).toContain(command);
  });
});
