import { isExistingTable } from '../ast/existing-table.js';
import { qualifiedName, tableKey } from '../ast/qualified-name.js';
import { statementOffset } from '../ast/statement-offset.js';
import type { Rule } from '../rule.js';

/** rename-column: the release still running during the deploy uses the old name and breaks. */
export const renameColumn: Rule = {
  id: 'rename-column',
  defaultSeverity: 'error',
  summary: 'RENAME COLUMN on an existing table (breaks the code that is running during the deploy)',
  checkStatement(context) {
    const ast = context.statement.ast;
    if (!('RenameStmt' in ast) || ast.RenameStmt.renameType !== 'OBJECT_COLUMN') return [];
    if (ast.RenameStmt.relationType !== 'OBJECT_TABLE') return [];
    const table = qualifiedName(ast.RenameStmt.relation, context);
    if (table === null || !isExistingTable(context, table)) return [];
    const from = ast.RenameStmt.subname ?? '';
    const to = ast.RenameStmt.newname ?? '';
    return [
      {
        message: `RENAME COLUMN ${from} TO ${to} on ${tableKey(table)} breaks every running query that still uses ${from}`,
        help: `Expand and contract: add ${to}, write both columns, backfill ${to}, switch reads to it, stop writing ${from}, then drop ${from} in a later release.`,
        offset: statementOffset(context, ast.RenameStmt.relation?.location),
        target: `${tableKey(table)}.${from}`,
      },
    ];
  },
};
