import type { StatementContext } from '../rule.js';
import { dataModifyingStatements } from './data-modifying-statements.js';
import { isExistingTable, rowsNote } from './existing-table.js';
import { mergeActionOnEveryRow } from './merge-every-row-action.js';
import { qualifiedName, tableKey } from './qualified-name.js';
import { statementOffset } from './statement-offset.js';

/** A DELETE or UPDATE (or MERGE doing one) that reaches every row of a table that existed before. */
export interface EveryRowAction {
  /** `merge` when a MERGE does it, else the statement's own kind. */
  via: 'statement' | 'merge';
  /** `schema.table`. */
  table: string;
  /** ` (in WITH name)` when it runs in a WITH query, else ''. */
  inCte: string;
  /** The row estimate note for messages (` (about N rows)`), or ''. */
  rows: string;
  /** Caret offset: the table name. */
  offset: number;
}

/**
 * everyRowActions finds the `action`s of a statement (at the top level or in WITH queries) with
 * no WHERE, or an unconditional MERGE action every row can reach, on tables that existed before
 * the migration: what delete-without-where and update-without-where report.
 */
export function everyRowActions(context: StatementContext, action: 'delete' | 'update'): EveryRowAction[] {
  const actions: EveryRowAction[] = [];
  for (const found of dataModifyingStatements(context)) {
    const everyRow =
      found.kind === 'merge'
        ? mergeActionOnEveryRow(found.statement) === action
        : found.kind === action && found.statement.whereClause === undefined;
    if (!everyRow) continue;
    const relation = found.statement.relation;
    const table = qualifiedName(relation, context);
    if (table === null || !isExistingTable(context, table)) continue;
    actions.push({
      via: found.kind === 'merge' ? 'merge' : 'statement',
      table: tableKey(table),
      inCte: found.cte === null ? '' : ` (in WITH ${found.cte})`,
      rows: rowsNote(context, table),
      offset: statementOffset(context, relation?.location),
    });
  }
  return actions;
}
