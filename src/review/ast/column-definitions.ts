import type { ColumnDef, Constraint } from 'libpg-query';
import { findTable } from '../../catalog/find-table.js';
import type { StatementContext } from '../rule.js';
import { alterTableCommands } from './alter-table-commands.js';
import { perStatement } from './per-statement.js';
import { type QualifiedName, qualifiedName } from './qualified-name.js';

/** A column being defined: in CREATE TABLE or ALTER TABLE ... ADD COLUMN. */
export interface ColumnDefinition {
  table: QualifiedName;
  column: ColumnDef;
  constraints: Constraint[];
  /** True for `ADD COLUMN` (the table already exists), false inside CREATE TABLE. */
  added: boolean;
  /** `ADD COLUMN IF NOT EXISTS`: skipped when the column is already there (see isSkippedColumn). */
  ifNotExists: boolean;
}

/** columnDefinitions lists the columns a statement defines, with their inline constraints. */
export const columnDefinitions = perStatement(columnDefinitionsUncached);

function columnDefinitionsUncached(context: StatementContext): ColumnDefinition[] {
  const ast = context.statement.ast;
  const found: ColumnDefinition[] = [];
  const push = (table: QualifiedName, column: ColumnDef, added: boolean, ifNotExists = false): void => {
    const constraints: Constraint[] = [];
    for (const node of column.constraints ?? []) if ('Constraint' in node) constraints.push(node.Constraint);
    found.push({ table, column, constraints, added, ifNotExists });
  };
  if ('CreateStmt' in ast) {
    const table = qualifiedName(ast.CreateStmt.relation, context);
    if (table === null) return found;
    for (const element of ast.CreateStmt.tableElts ?? [])
      if ('ColumnDef' in element) push(table, element.ColumnDef, false);
    return found;
  }
  const alter = alterTableCommands(context);
  for (const command of alter?.commands ?? []) {
    if (alter === null || command.subtype !== 'AT_AddColumn' || command.def === undefined) continue;
    if ('ColumnDef' in command.def)
      push(alter.table, command.def.ColumnDef, true, command.missing_ok === true);
  }
  return found;
}

/**
 * isSkippedColumn: PostgreSQL skips `ADD COLUMN IF NOT EXISTS` of a column the table already has
 * ("already exists, skipping"), with its type, default and constraints, so it changes nothing.
 * Known only for a column of the schema before (exact for the schemas it has) that no earlier
 * statement dropped or renamed away; any other column may really be added.
 */
export function isSkippedColumn(context: StatementContext, definition: ColumnDefinition): boolean {
  const name = definition.column.colname;
  if (!definition.added || !definition.ifNotExists || name === undefined) return false;
  const original = context.namesBefore.column(definition.table, name);
  if (original === null) return false;
  const table = findTable(context.before, original.table.schema, original.table.name);
  return table?.columns.some((column) => column.name === original.column) ?? false;
}

/** hasConstraint says whether a column definition carries an inline constraint of a kind. */
export function hasConstraint(
  definition: ColumnDefinition,
  kind: NonNullable<Constraint['contype']>,
): boolean {
  return definition.constraints.some((constraint) => constraint.contype === kind);
}
