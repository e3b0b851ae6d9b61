import type { ServiceMigration } from '../estate-migrations.js';
import type { SchemaEffect } from './schema-effect.js';
import { type StatementScope, statementEffects } from './statement-effects.js';

/**
 * The effects of a migration's up section, as `dbward up` runs it: `CREATE SCHEMA IF NOT EXISTS <service schema>` first, search_path = the service schema (unqualified names resolve to it; unqualified non-builtin types too). TS migrations (file.format === 'ts') and files whose up section is null give one 'unknown' effect covering all schemas.
 *
 * An up section without statements gives no effect (the shadow replay skips such a file, schema
 * creation included).
 */
export function migrationSchemaEffects(migration: ServiceMigration): SchemaEffect[] {
  const { file, service } = migration;
  const section = file.up;
  if (file.format === 'ts' || section === null) {
    const reason = file.format === 'ts' ? 'TypeScript migration' : 'no up section';
    return [{ kind: 'unknown', schemas: 'all', reason, at: { line: 1, column: 1 } }];
  }
  if (section.statements.length === 0) return [];
  const effects: SchemaEffect[] = [
    {
      kind: 'create-schema',
      schema: service.schema,
      ifNotExists: true,
      at: { line: section.line, column: 1 },
    },
  ];
  const scope: StatementScope = { schema: service.schema, temporary: new Set() };
  for (const statement of section.statements)
    effects.push(
      ...statementEffects(statement.ast, scope, { line: statement.line, column: statement.column }),
    );
  return effects;
}
