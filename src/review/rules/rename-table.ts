import { isExistingTable } from '../ast/existing-table.js';
import { qualifiedName, tableKey } from '../ast/qualified-name.js';
import { statementOffset } from '../ast/statement-offset.js';
import type { Rule } from '../rule.js';

/** rename-table: the release still running during the deploy queries the old name and breaks. */
export const renameTable: Rule = {
  id: 'rename-table',
  defaultSeverity: 'error',
  summary: 'ALTER TABLE ... RENAME TO on an existing table (breaks the code that is running)',
  checkStatement(context) {
    const ast = context.statement.ast;
    if (!('RenameStmt' in ast) || ast.RenameStmt.renameType !== 'OBJECT_TABLE') return [];
    const table = qualifiedName(ast.RenameStmt.relation, context);
    if (table === null || !isExistingTable(context, table)) return [];
    const to = ast.RenameStmt.newname ?? '';
    return [
      {
        message: `RENAME ${tableKey(table)} TO ${to} breaks every running query that still uses ${table.name}`,
        help: `Create ${to} (or rename and leave a view named ${table.name} selecting from ${to} until the old code is gone), move the code over, then drop the old name in a later release.`,
        offset: statementOffset(context, ast.RenameStmt.relation?.location),
        target: tableKey(table),
      },
    ];
  },
};
