import type { StatementContext } from '../rule.js';
import { alterTableCommands } from './alter-table-commands.js';
import { columnDefinitions } from './column-definitions.js';
import { perStatement } from './per-statement.js';
import type { QualifiedName } from './qualified-name.js';
import { readTypeName, type WrittenType } from './type-name.js';

/** A column given a type by a statement: CREATE TABLE, ADD COLUMN or ALTER COLUMN ... TYPE. */
export interface TypedColumn {
  table: QualifiedName;
  column: string;
  type: WrittenType;
  /** Byte location of the type name in the parsed section. */
  location: number | undefined;
}

/** typedColumns lists every column a statement declares or re-types, with the type written. */
export const typedColumns = perStatement(typedColumnsUncached);

function typedColumnsUncached(context: StatementContext): TypedColumn[] {
  const found: TypedColumn[] = columnDefinitions(context).map((definition) => ({
    table: definition.table,
    column: definition.column.colname ?? '',
    type: readTypeName(definition.column.typeName),
    location: definition.column.typeName?.location,
  }));
  const alter = alterTableCommands(context);
  for (const command of alter?.commands ?? []) {
    if (alter === null || command.subtype !== 'AT_AlterColumnType' || command.def === undefined) continue;
    if (!('ColumnDef' in command.def)) continue;
    const typeName = command.def.ColumnDef.typeName;
    found.push({
      table: alter.table,
      column: command.name ?? '',
      type: readTypeName(typeName),
      location: typeName?.location,
    });
  }
  return found;
}
