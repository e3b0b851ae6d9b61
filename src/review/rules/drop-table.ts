import { backupChecks } from '../ast/backup-checks.js';
import { droppedObjects } from '../ast/dropped-objects.js';
import { isExistingTable, rowsNote } from '../ast/existing-table.js';
import { tableKey } from '../ast/qualified-name.js';
import type { Rule, RuleViolation } from '../rule.js';

/** drop-table: DROP TABLE of a table that existed before the migration loses its data for good. */
export const dropTable: Rule = {
  id: 'drop-table',
  defaultSeverity: 'error',
  summary: 'DROP TABLE of a table that existed before the migration (its data is gone)',
  checkStatement(context) {
    const ast = context.statement.ast;
    if (!('DropStmt' in ast) || ast.DropStmt.removeType !== 'OBJECT_TABLE') return [];
    const violations: RuleViolation[] = [];
    for (const table of droppedObjects(ast.DropStmt, context)) {
      // Also false for DROP TABLE IF EXISTS of a table that neither the schema before nor the
      // target database has: a no-op.
      if (!isExistingTable(context, table)) continue;
      const target = tableKey(table);
      violations.push({
        message: `DROP TABLE ${target} deletes the table and all its rows${rowsNote(context, table)}`,
        help: `Back it up first (\`dbward backup ${context.service.name} ${table.name}\`, then \`-- dbward:backup archive.<name>\` before the statement), and drop only after the code no longer reads it.`,
        target,
        dataChecks: backupChecks(context, table),
      });
    }
    return violations;
  },
};
