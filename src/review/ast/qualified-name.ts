import type { RangeVar } from 'libpg-query';
import type { StatementContext } from '../rule.js';

/** A table-like name with its schema resolved (unqualified names resolve to the service's schema). */
export interface QualifiedName {
  schema: string;
  name: string;
  /** Whether the SQL spelled the schema out. */
  explicitSchema: boolean;
  /** Byte location of the name in the parsed section, when the parser gave one. */
  location: number | undefined;
}

/** qualifiedName resolves a RangeVar against the statement's search_path (the service schema). */
export function qualifiedName(
  relation: RangeVar | undefined,
  context: Pick<StatementContext, 'resolveSchema'>,
): QualifiedName | null {
  if (relation?.relname === undefined) return null;
  return {
    schema: context.resolveSchema(relation.schemaname),
    name: relation.relname,
    explicitSchema: relation.schemaname !== undefined && relation.schemaname !== '',
    location: relation.location,
  };
}

/** tableKey is the `schema.table` form used by `createdInMigration` and `target`. */
export function tableKey(name: Pick<QualifiedName, 'schema' | 'name'>): string {
  return `${name.schema}.${name.name}`;
}
