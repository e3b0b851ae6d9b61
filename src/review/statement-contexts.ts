import type { Node } from 'libpg-query';
import type { MigrationFile } from '../migrations/migration-file-types.js';
import { NamesBefore } from './ast/names-before.js';
import { qualifiedName, tableKey } from './ast/qualified-name.js';
import type { MigrationContext, StatementContext } from './rule.js';

/**
 * statementContexts builds what each rule sees for every statement of one section: its index,
 * the transaction mode, the tables created so far in this section (so CREATE INDEX or DROP TABLE
 * on a brand-new table is not judged like one on a live table), the names tables and columns had
 * before the renames of earlier statements, and name resolution.
 */
export function statementContexts(
  file: MigrationFile,
  migrationContext: MigrationContext,
  section: 'up' | 'down',
): StatementContext[] {
  const statements = file[section]?.statements ?? [];
  const schema = migrationContext.service.schema;
  const resolveSchema = (schemaName: string | undefined | null): string =>
    schemaName === undefined || schemaName === null || schemaName === '' ? schema : schemaName;
  let created: ReadonlySet<string> = new Set<string>();
  let namesBefore = NamesBefore.EMPTY;
  const contexts: StatementContext[] = [];
  statements.forEach((statement, index) => {
    contexts.push({
      ...migrationContext,
      file,
      statement,
      index,
      section,
      inTransaction: !file.noTransaction,
      // A snapshot: a rule must not see tables created by later statements. Copied only when a
      // statement creates a table, so most statements share one set.
      createdInMigration: created,
      resolveSchema,
      // Also a snapshot, shared until a statement renames, creates or drops something.
      namesBefore,
    });
    namesBefore = namesBefore.after(statement.ast, resolveSchema);
    const added = tablesCreatedBy(statement.ast, resolveSchema, created);
    if (added.length > 0) created = new Set([...created, ...added]);
  });
  return contexts;
}

/** tablesCreatedBy lists `schema.table` of the tables a statement creates (or renames into). */
function tablesCreatedBy(
  ast: Node,
  resolveSchema: StatementContext['resolveSchema'],
  created: ReadonlySet<string>,
): string[] {
  const context = { resolveSchema };
  const keyOf = (relation: Parameters<typeof qualifiedName>[0]): string[] => {
    const name = qualifiedName(relation, context);
    return name === null ? [] : [tableKey(name)];
  };
  if ('CreateStmt' in ast) return keyOf(ast.CreateStmt.relation);
  if ('CreateTableAsStmt' in ast) return keyOf(ast.CreateTableAsStmt.into?.rel);
  if ('SelectStmt' in ast) return keyOf(ast.SelectStmt.intoClause?.rel);
  if ('RenameStmt' in ast && ast.RenameStmt.renameType === 'OBJECT_TABLE' && ast.RenameStmt.newname) {
    // A table created here and then renamed is still new under its new name.
    const from = qualifiedName(ast.RenameStmt.relation, context);
    if (from === null || !created.has(tableKey(from))) return [];
    return [tableKey({ schema: from.schema, name: ast.RenameStmt.newname })];
  }
  return [];
}
