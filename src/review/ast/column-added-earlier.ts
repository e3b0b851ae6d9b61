import type { StatementContext } from '../rule.js';
import { type ColumnDefinition, columnDefinitions } from './column-definitions.js';
import { type QualifiedName, tableKey } from './qualified-name.js';

/**
 * columnAddedEarlier finds the last `ADD COLUMN` of `column` on `table` by an earlier statement
 * of the same section: such a column holds no data the application wrote yet.
 */
export function columnAddedEarlier(
  context: StatementContext,
  table: Pick<QualifiedName, 'schema' | 'name'>,
  column: string,
): ColumnDefinition | null {
  const statements = context.file[context.section]?.statements ?? [];
  const key = tableKey(table);
  let found: ColumnDefinition | null = null;
  for (const statement of statements.slice(0, context.index)) {
    for (const definition of columnDefinitions({ ...context, statement })) {
      if (definition.added && definition.column.colname === column && tableKey(definition.table) === key)
        found = definition;
    }
  }
  return found;
}
