import type { DropStmt } from 'libpg-query';
import type { StatementContext } from '../rule.js';
import { stringValues } from './string-values.js';

/** droppedObjects lists the schema-resolved names a DROP TABLE / INDEX / VIEW ... statement removes. */
export function droppedObjects(
  drop: DropStmt,
  context: Pick<StatementContext, 'resolveSchema'>,
): { schema: string; name: string }[] {
  const found: { schema: string; name: string }[] = [];
  for (const object of drop.objects ?? []) {
    if (!('List' in object)) continue;
    const parts = stringValues(object.List.items);
    const name = parts.at(-1);
    if (name === undefined) continue;
    found.push({ schema: context.resolveSchema(parts.length > 1 ? parts.at(-2) : undefined), name });
  }
  return found;
}
