import type { Constraint } from 'libpg-query';
import type { StatementContext } from '../rule.js';
import { alterTableCommands } from './alter-table-commands.js';
import { type ColumnDefinition, columnDefinitions } from './column-definitions.js';
import { perStatement } from './per-statement.js';
import { type QualifiedName, qualifiedName } from './qualified-name.js';
import { stringValues } from './string-values.js';

/** A constraint a statement adds, wherever it is written. */
export interface AddedConstraint {
  table: QualifiedName;
  constraint: Constraint;
  /** The constrained columns (inline constraints: their column). */
  columns: string[];
  /**
   * Where it is written: in CREATE TABLE, inline on an ADD COLUMN (the column is new and empty),
   * or as ALTER TABLE ... ADD CONSTRAINT on a table that may hold rows.
   */
  origin: 'create-table' | 'add-column' | 'add-constraint';
  /** The column definition an inline constraint is written on (to tell a skipped ADD COLUMN). */
  definition?: ColumnDefinition;
}

/** addedConstraints lists the constraints a CREATE TABLE or ALTER TABLE statement adds. */
export const addedConstraints = perStatement(addedConstraintsUncached);

function addedConstraintsUncached(context: StatementContext): AddedConstraint[] {
  const found: AddedConstraint[] = [];
  for (const definition of columnDefinitions(context)) {
    const columns = definition.column.colname === undefined ? [] : [definition.column.colname];
    for (const constraint of definition.constraints) {
      found.push({
        table: definition.table,
        constraint,
        columns,
        origin: definition.added ? 'add-column' : 'create-table',
        definition,
      });
    }
  }
  const ast = context.statement.ast;
  if ('CreateStmt' in ast) {
    const table = qualifiedName(ast.CreateStmt.relation, context);
    for (const element of ast.CreateStmt.tableElts ?? []) {
      if (table === null || !('Constraint' in element)) continue;
      found.push({
        table,
        constraint: element.Constraint,
        columns: constrainedColumns(element.Constraint),
        origin: 'create-table',
      });
    }
    return found;
  }
  const alter = alterTableCommands(context);
  for (const command of alter?.commands ?? []) {
    if (alter === null || command.subtype !== 'AT_AddConstraint' || command.def === undefined) continue;
    if (!('Constraint' in command.def)) continue;
    const constraint = command.def.Constraint;
    found.push({
      table: alter.table,
      constraint,
      columns: constrainedColumns(constraint),
      origin: 'add-constraint',
    });
  }
  return found;
}

function constrainedColumns(constraint: Constraint): string[] {
  return constraint.contype === 'CONSTR_FOREIGN'
    ? stringValues(constraint.fk_attrs)
    : stringValues(constraint.keys);
}
