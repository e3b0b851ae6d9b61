import type { DropStmt } from 'libpg-query';
import { stringValues } from './string-values.js';
import { type NameScope, TEMP_SCHEMA, temporaryTables } from './temporary-tables.js';

/**
 * droppedObjects lists the schema-resolved names a DROP TABLE / INDEX / VIEW ... statement
 * removes. An unqualified table or view created TEMP earlier in the section is the temporary one
 * (pg_temp is searched first), named in `pg_temp`.
 */
export function droppedObjects(drop: DropStmt, context: NameScope): { schema: string; name: string }[] {
  const relations = drop.removeType === 'OBJECT_TABLE' || drop.removeType === 'OBJECT_VIEW';
  const temporary = relations ? temporaryTables(context) : new Set<string>();
  const found: { schema: string; name: string }[] = [];
  for (const object of drop.objects ?? []) {
    if (!('List' in object)) continue;
    const parts = stringValues(object.List.items);
    const name = parts.at(-1);
    if (name === undefined) continue;
    const schema =
      parts.length === 1 && temporary.has(name)
        ? TEMP_SCHEMA
        : context.resolveSchema(parts.length > 1 ? parts.at(-2) : undefined);
    found.push({ schema, name });
  }
  return found;
}
