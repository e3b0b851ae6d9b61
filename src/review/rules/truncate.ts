import { isExistingTable, rowsNote } from '../ast/existing-table.js';
import { qualifiedName, tableKey } from '../ast/qualified-name.js';
import { statementOffset } from '../ast/statement-offset.js';
import type { Rule, RuleViolation } from '../rule.js';

/** truncate: every row is gone, with an ACCESS EXCLUSIVE lock and no trigger-based audit. */
export const truncate: Rule = {
  id: 'truncate',
  defaultSeverity: 'error',
  summary: 'TRUNCATE of a table that existed before the migration (deletes every row)',
  checkStatement(context) {
    const ast = context.statement.ast;
    if (!('TruncateStmt' in ast)) return [];
    const violations: RuleViolation[] = [];
    for (const node of ast.TruncateStmt.relations ?? []) {
      if (!('RangeVar' in node)) continue;
      const table = qualifiedName(node.RangeVar, context);
      if (table === null || !isExistingTable(context, table)) continue;
      violations.push({
        message: `TRUNCATE ${tableKey(table)} deletes every row${rowsNote(context, table)}${ast.TruncateStmt.behavior === 'DROP_CASCADE' ? ', and CASCADE empties every table that references it' : ''}`,
        help: `Back the table up first (\`dbward backup ${context.service.name} ${table.name}\`); for data that must go, prefer a DELETE with a WHERE clause in batches.`,
        offset: statementOffset(context, node.RangeVar.location),
        target: tableKey(table),
      });
    }
    return violations;
  },
};
