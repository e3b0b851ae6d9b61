import type { RangeVar } from 'libpg-query';
import { isTemporaryRelation, type NameScope, TEMP_SCHEMA, temporaryTables } from './temporary-tables.js';

/** A table-like name with its schema resolved (unqualified names resolve to the service schema). */
export interface QualifiedName {
  schema: string;
  name: string;
  /** Whether the SQL spelled the schema out. */
  explicitSchema: boolean;
  /** Byte location of the name in the parsed section, when the parser gave one. */
  location: number | undefined;
}

/**
 * qualifiedName resolves a RangeVar against the statement's search_path: a temporary table
 * (created TEMP, named in pg_temp, or created TEMP earlier in the section, which pg_temp finds
 * first) is in `pg_temp`; any other unqualified name is in the service schema.
 */
export function qualifiedName(relation: RangeVar | undefined, context: NameScope): QualifiedName | null {
  if (relation?.relname === undefined) return null;
  const temporary = isTemporaryRelation(relation, temporaryTables(context));
  return {
    schema: temporary ? TEMP_SCHEMA : context.resolveSchema(relation.schemaname),
    name: relation.relname,
    explicitSchema: relation.schemaname !== undefined && relation.schemaname !== '',
    location: relation.location,
  };
}

/** tableKey is the `schema.table` form used by `createdInMigration` and `target`. */
export function tableKey(name: Pick<QualifiedName, 'schema' | 'name'>): string {
  return `${name.schema}.${name.name}`;
}
