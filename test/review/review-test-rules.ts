import { findTable } from '../../src/catalog/find-table.js';
import type { DataCheck, Rule } from '../../src/review/rule.js';

/**
 * Small rules for the engine's tests, so they pin the engine (context, acknowledgements,
 * severities, data checks, cache) and not the wording of the real rules.
 */

const DROP_TABLE = /^DROP\s+TABLE\s+(?:(\w+)\.)?(\w+)/i;
const ALTER_TYPE = /^ALTER\s+TABLE\s+(?:(\w+)\.)?(\w+)\s+ALTER\s+COLUMN\s+(\w+)\s+TYPE\s+(.+)$/is;

/** Flags DROP TABLE of a table that exists before the migration, with backup checks from directives. */
export const testDropTable: Rule = {
  id: 'drop-table',
  defaultSeverity: 'error',
  summary: 'test rule: DROP TABLE of a table that existed before',
  checkStatement(context) {
    const match = DROP_TABLE.exec(context.statement.sql);
    const table = match?.[2];
    if (match === null || table === undefined) return [];
    const schema = context.resolveSchema(match[1]);
    if (findTable(context.before, schema, table) === undefined) return [];
    const dataChecks: DataCheck[] = context.statement.directives.flatMap((directive) =>
      directive.kind === 'backup' && directive.target !== null
        ? [{ kind: 'backup-exists' as const, schema, table, backupTable: directive.target }]
        : [],
    );
    const rows = context.liveRowEstimate(schema, table);
    return [
      {
        message: `drops ${schema}.${table}${rows === null ? '' : ` (~${rows} rows)`}`,
        help: 'back the table up first',
        offset: context.statement.sql.indexOf(table),
        target: `${schema}.${table}`,
        dataChecks,
        ...(rows !== null && rows >= context.largeTableRows ? { severity: 'error' as const } : {}),
      },
    ];
  },
};

/** Flags every ALTER COLUMN ... TYPE with a narrowing data check. */
export const testAlterType: Rule = {
  id: 'alter-column-type',
  defaultSeverity: 'error',
  summary: 'test rule: ALTER COLUMN TYPE',
  checkStatement(context) {
    const match = ALTER_TYPE.exec(context.statement.sql);
    if (match === null || match[2] === undefined || match[3] === undefined || match[4] === undefined)
      return [];
    const schema = context.resolveSchema(match[1]);
    return [
      {
        message: `changes the type of ${schema}.${match[2]}.${match[3]}`,
        help: 'add a new column instead',
        dataChecks: [
          { kind: 'narrowing', schema, table: match[2], column: match[3], newType: match[4].trim() },
        ],
      },
    ];
  },
};

/** Flags a file with no down section (a file-level rule). */
export const testMissingDown: Rule = {
  id: 'missing-down',
  defaultSeverity: 'warning',
  summary: 'test rule: no down section',
  checkFile(context) {
    return context.file.down === null ? [{ message: 'no down section', help: 'write one' }] : [];
  },
};

export const TEST_RULES: readonly Rule[] = [testDropTable, testAlterType, testMissingDown];
