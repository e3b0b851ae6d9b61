import type { Node, RangeVar } from 'libpg-query';
import { findTable } from '../catalog/find-table.js';
import type { MigrationFile } from '../migrations/migration-file-types.js';
import { isTemporary, NamesBefore } from './ast/names-before.js';
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
    const added = tablesCreatedBy(statement.ast, {
      resolveSchema,
      created,
      existsBefore: (table) => {
        // The table a name held before the migration, after the renames and drops so far.
        const original = namesBefore.table(table);
        return (
          original !== null &&
          findTable(migrationContext.before, original.schema, original.name) !== undefined
        );
      },
    });
    namesBefore = namesBefore.after(statement.ast, resolveSchema);
    if (added.length > 0) created = new Set([...created, ...added]);
  });
  return contexts;
}

interface CreatedTablesState {
  resolveSchema: StatementContext['resolveSchema'];
  /** Tables created by earlier statements of this section. */
  created: ReadonlySet<string>;
  /** Whether a name holds a table from before the migration at this statement. */
  existsBefore(table: { schema: string; name: string }): boolean;
}

/**
 * tablesCreatedBy lists `schema.table` of the tables a statement creates (or renames into).
 * `IF NOT EXISTS` on a table that already exists is skipped by PostgreSQL ("already exists,
 * skipping"), so it creates nothing; a temporary table lives in pg_temp, not in the service's
 * schema, so it never makes the service's table of that name count as new.
 */
function tablesCreatedBy(ast: Node, state: CreatedTablesState): string[] {
  const keyOf = (relation: RangeVar | undefined, ifNotExists: boolean | undefined): string[] => {
    if (isTemporary(relation)) return [];
    const name = qualifiedName(relation, state);
    if (name === null) return [];
    const key = tableKey(name);
    if (ifNotExists === true && (state.created.has(key) || state.existsBefore(name))) return [];
    return [key];
  };
  if ('CreateStmt' in ast) return keyOf(ast.CreateStmt.relation, ast.CreateStmt.if_not_exists);
  if ('CreateTableAsStmt' in ast)
    return keyOf(ast.CreateTableAsStmt.into?.rel, ast.CreateTableAsStmt.if_not_exists);
  if ('SelectStmt' in ast) return keyOf(ast.SelectStmt.intoClause?.rel, false);
  if ('RenameStmt' in ast && ast.RenameStmt.renameType === 'OBJECT_TABLE' && ast.RenameStmt.newname) {
    // A table created here and then renamed is still new under its new name.
    const from = qualifiedName(ast.RenameStmt.relation, state);
    if (from === null || !state.created.has(tableKey(from))) return [];
    return [tableKey({ schema: from.schema, name: ast.RenameStmt.newname })];
  }
  return [];
}
