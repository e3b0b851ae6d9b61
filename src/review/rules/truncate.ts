import { isExistingTable, rowsNote } from '../ast/existing-table.js';
import { qualifiedName, tableKey } from '../ast/qualified-name.js';
import { statementOffset } from '../ast/statement-offset.js';
import type { Rule, RuleViolation } from '../rule.js';

/**
 * truncate: every row is gone, with an ACCESS EXCLUSIVE lock and no trigger-based audit.
 * `TRUNCATE ... CASCADE` is flagged even on a table created in the migration: it also empties
 * every table whose foreign keys reference it, existing ones included.
 */
export const truncate: Rule = {
  id: 'truncate',
  defaultSeverity: 'error',
  summary: 'TRUNCATE of a table that existed before the migration (deletes every row)',
  checkStatement(context) {
    const ast = context.statement.ast;
    if (!('TruncateStmt' in ast)) return [];
    const cascade = ast.TruncateStmt.behavior === 'DROP_CASCADE';
    const violations: RuleViolation[] = [];
    for (const node of ast.TruncateStmt.relations ?? []) {
      if (!('RangeVar' in node)) continue;
      const table = qualifiedName(node.RangeVar, context);
      if (table === null) continue;
      const existing = isExistingTable(context, table);
      // CASCADE also empties every table whose foreign keys reference these, new or not.
      if (!existing && !cascade) continue;
      const message = existing
        ? `TRUNCATE ${tableKey(table)} deletes every row${rowsNote(context, table)}${cascade ? `; ${CASCADE_NOTE}` : ''}`
        : `TRUNCATE ${tableKey(table)} CASCADE: the table is new, but ${CASCADE_NOTE}, including tables that existed before the migration`;
      violations.push({
        message,
        help: existing
          ? `Back the table up first (\`dbward backup ${context.service.name} ${table.name}\`); for data that must go, prefer a DELETE with a WHERE clause in batches.`
          : 'Drop CASCADE and name every table to empty: without it, TRUNCATE fails when another table references these instead of emptying it.',
        offset: statementOffset(context, node.RangeVar.location),
        target: tableKey(table),
      });
    }
    return violations;
  },
};

const CASCADE_NOTE = 'CASCADE empties the tables referencing these too';
