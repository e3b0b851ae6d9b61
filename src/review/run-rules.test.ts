import { describe, expect, it } from 'vitest';
import { checkSqlFull } from '../../test/harness/review-rule.js';
import { statementOffset } from './ast/statement-offset.js';
import type { Rule } from './rule.js';

// A probe rule that points at the table name of every DROP TABLE, so positions can be checked.
const pointAtDroppedTable: Rule = {
  id: 'probe-drop',
  defaultSeverity: 'warning',
  summary: 'probe',
  sections: ['up', 'down'],
  checkStatement(context) {
    const ast = context.statement.ast;
    if (!('DropStmt' in ast)) return [];
    const location = JSON.stringify(ast).match(/"location":(\d+)/)?.[1];
    return [
      {
        message: 'dropped',
        help: 'none',
        offset: statementOffset(context, location === undefined ? undefined : Number(location)),
      },
    ];
  },
};

describe('runRules', () => {
  it('places a violation at file line and column, across sections and multibyte text', async () => {
    const migration = [
      '-- migrate:up',
      "SELECT 'été 🎉';",
      'DROP   INDEX   x;',
      '-- migrate:down',
      "SELECT 'ü'; DROP INDEX y;",
      '',
    ].join('\n');
    const { violations } = await checkSqlFull({ migration, rule: pointAtDroppedTable });
    expect(violations.map((v) => [v.rule, v.section, v.line, v.column, v.severity])).toEqual([
      ['probe-drop', 'up', 3, 1, 'warning'],
      ['probe-drop', 'down', 5, 13, 'warning'],
    ]);
    expect(violations[1]?.statement?.sql).toBe('DROP INDEX y');
  });

  it('maps an AST location inside the statement, after multibyte characters', async () => {
    const atTable: Rule = {
      id: 'probe-table',
      defaultSeverity: 'error',
      summary: 'probe',
      checkStatement(context) {
        const ast = context.statement.ast;
        if (!('UpdateStmt' in ast)) return [];
        return [
          { message: 'u', help: 'h', offset: statementOffset(context, ast.UpdateStmt.relation?.location) },
        ];
      },
    };
    const migration = "-- migrate:up\nSELECT '🎉ü';   UPDATE   accounts SET x = 1;\n";
    const { violations } = await checkSqlFull({ migration, rule: atTable });
    expect(violations.map((v) => [v.line, v.column, v.offset])).toEqual([
      [2, 26, migration.indexOf('accounts')],
    ]);
  });

  it('runs file-level rules once and turns a throwing rule into an error violation', async () => {
    const broken: Rule = {
      id: 'probe-broken',
      defaultSeverity: 'warning',
      summary: 'probe',
      checkFile: () => [{ message: 'file', help: 'h' }],
      checkStatement() {
        throw new Error('boom');
      },
    };
    const { violations } = await checkSqlFull({ migration: 'SELECT 1;', rule: broken });
    expect(violations.map((v) => [v.message, v.severity, v.statement?.sql ?? null])).toEqual([
      ['file', 'warning', null],
      ['internal error in rule probe-broken: boom', 'error', 'SELECT 1'],
    ]);
    expect(violations[1]?.severityOverridden).toBe(true);
  });
});
