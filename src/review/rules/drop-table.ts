import { backupChecks } from '../ast/backup-checks.js';
import { droppedObjects } from '../ast/dropped-objects.js';
import { beforeTable, isExistingTable, rowsNote } from '../ast/existing-table.js';
import { tableKey } from '../ast/qualified-name.js';
import type { Rule, RuleViolation, StatementContext } from '../rule.js';

/** schemaKnown: the shadow replay produced this schema, so a table missing from it really is missing. */
function schemaKnown(context: StatementContext, schema: string): boolean {
  return context.before.schemas.some((s) => s.name === schema);
}

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
      if (!isExistingTable(context, table)) continue;
      // DROP TABLE IF EXISTS of a table the schema before does not have is a no-op.
      if (
        ast.DropStmt.missing_ok === true &&
        schemaKnown(context, table.schema) &&
        !beforeTable(context, table)
      )
        continue;
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
