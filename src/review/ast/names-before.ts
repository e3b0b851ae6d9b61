import type { Node, RangeVar } from 'libpg-query';
import type { NamesBeforeMigration, StatementContext, TableName } from '../rule.js';
import { droppedObjects } from './dropped-objects.js';
import { isTemporaryRelation, TEMP_SCHEMA, temporaryTablesAfter } from './temporary-tables.js';

type ResolveSchema = StatementContext['resolveSchema'];

const RELATIONS = new Set(['OBJECT_TABLE', 'OBJECT_FOREIGN_TABLE']);

/**
 * NamesBefore maps the names of tables and columns at one statement of a section to their names
 * before the migration. Immutable: `after` gives the names at the next statement, a new object
 * only when the statement can rename, move, create or drop a table or column, so most statements
 * share one. A name no earlier statement touched maps to itself.
 */
export class NamesBefore implements NamesBeforeMigration {
  static readonly EMPTY = new NamesBefore(new Map(), new Map(), new Set());

  private constructor(
    /** The table's name now -> its name before the migration, or null for none. */
    private readonly tables: Map<string, TableName | null>,
    /** The table's name before, and the column's name now -> the column's name before, or null. */
    private readonly columns: Map<string, string | null>,
    /** Unqualified names of the temporary tables so far: they, not the service's tables, are meant. */
    private readonly temporary: ReadonlySet<string>,
  ) {}

  table(table: TableName): TableName | null {
    const found = this.tables.get(tableKey(table));
    return found === undefined ? { schema: table.schema, name: table.name } : found;
  }

  column(table: TableName, column: string): { table: TableName; column: string } | null {
    const before = this.table(table);
    if (before === null) return null;
    const found = this.columns.get(columnKey(before, column));
    return found === null ? null : { table: before, column: found ?? column };
  }

  /** after gives the names at the statement that follows the one parsed as `ast`. */
  after(ast: Node, resolveSchema: ResolveSchema): NamesBefore {
    if (!mayChangeNames(ast)) return this;
    const next = new NamesBefore(
      new Map(this.tables),
      new Map(this.columns),
      temporaryTablesAfter(ast, this.temporary),
    );
    next.apply(ast, resolveSchema, this.temporary);
    return next;
  }

  /** apply records what one statement does to the names; only on a fresh copy (see after). */
  private apply(ast: Node, resolveSchema: ResolveSchema, temporary: ReadonlySet<string>): void {
    // A temporary table is named in pg_temp, apart from the service's tables of the same name.
    const relation = (range: RangeVar | undefined): TableName | null =>
      range?.relname === undefined
        ? null
        : {
            schema: isTemporaryRelation(range, temporary) ? TEMP_SCHEMA : resolveSchema(range.schemaname),
            name: range.relname,
          };
    if ('RenameStmt' in ast) {
      const rename = ast.RenameStmt;
      const from = relation(rename.relation);
      if (from === null || rename.newname === undefined) return;
      if (RELATIONS.has(rename.renameType ?? '')) this.moveTable(from, { ...from, name: rename.newname });
      else if (
        rename.renameType === 'OBJECT_COLUMN' &&
        RELATIONS.has(rename.relationType ?? '') &&
        rename.subname !== undefined
      )
        this.moveColumn(from, rename.subname, rename.newname);
    } else if ('AlterObjectSchemaStmt' in ast) {
      const move = ast.AlterObjectSchemaStmt;
      const from = relation(move.relation);
      if (from !== null && move.newschema !== undefined && RELATIONS.has(move.objectType ?? ''))
        this.moveTable(from, { schema: move.newschema, name: from.name });
    } else if ('CreateStmt' in ast) {
      // IF NOT EXISTS may leave the table from before in place; a TEMP table lives in pg_temp.
      if (ast.CreateStmt.if_not_exists !== true && !isTemporary(ast.CreateStmt.relation))
        this.forgetTable(relation(ast.CreateStmt.relation));
    } else if ('CreateTableAsStmt' in ast) {
      if (ast.CreateTableAsStmt.if_not_exists !== true && !isTemporary(ast.CreateTableAsStmt.into?.rel))
        this.forgetTable(relation(ast.CreateTableAsStmt.into?.rel));
    } else if ('SelectStmt' in ast) {
      if (!isTemporary(ast.SelectStmt.intoClause?.rel))
        this.forgetTable(relation(ast.SelectStmt.intoClause?.rel));
    } else if ('DropStmt' in ast) {
      if (RELATIONS.has(ast.DropStmt.removeType ?? ''))
        for (const dropped of droppedObjects(ast.DropStmt, { resolveSchema, temporaryTables: temporary }))
          this.forgetTable(dropped);
    } else if ('AlterTableStmt' in ast) {
      const table = relation(ast.AlterTableStmt.relation);
      if (table === null || !RELATIONS.has(ast.AlterTableStmt.objtype ?? 'OBJECT_TABLE')) return;
      for (const node of ast.AlterTableStmt.cmds ?? []) {
        if (!('AlterTableCmd' in node)) continue;
        const command = node.AlterTableCmd;
        if (command.subtype === 'AT_DropColumn' && command.name !== undefined)
          this.setColumn(table, command.name, null);
        const definition =
          command.def !== undefined && 'ColumnDef' in command.def ? command.def.ColumnDef : undefined;
        // ADD COLUMN IF NOT EXISTS may leave the column from before in place.
        if (command.subtype === 'AT_AddColumn' && command.missing_ok !== true && definition?.colname)
          this.setColumn(table, definition.colname, null);
      }
    }
  }

  /** moveTable: `to` names the table `from` named; `from` names nothing from before. */
  private moveTable(from: TableName, to: TableName): void {
    const before = this.table(from);
    this.tables.set(tableKey(from), null);
    this.tables.set(tableKey(to), before);
  }

  private moveColumn(table: TableName, from: string, to: string): void {
    const before = this.column(table, from);
    this.setColumn(table, from, null);
    this.setColumn(table, to, before?.column ?? null);
  }

  private forgetTable(table: TableName | null): void {
    if (table !== null) this.tables.set(tableKey(table), null);
  }

  /** setColumn records a column of the table `table` names now (nothing when not from before). */
  private setColumn(table: TableName, column: string, before: string | null): void {
    const tableBefore = this.table(table);
    if (tableBefore !== null) this.columns.set(columnKey(tableBefore, column), before);
  }
}

/** mayChangeNames says whether `apply` could change anything for a statement (cheap, no copy). */
function mayChangeNames(ast: Node): boolean {
  if ('SelectStmt' in ast) return ast.SelectStmt.intoClause !== undefined;
  if ('AlterTableStmt' in ast)
    return (ast.AlterTableStmt.cmds ?? []).some(
      (node) =>
        'AlterTableCmd' in node &&
        (node.AlterTableCmd.subtype === 'AT_AddColumn' || node.AlterTableCmd.subtype === 'AT_DropColumn'),
    );
  return (
    'RenameStmt' in ast ||
    'AlterObjectSchemaStmt' in ast ||
    'CreateStmt' in ast ||
    'CreateTableAsStmt' in ast ||
    'DropStmt' in ast ||
    // CREATE TEMP VIEW: only the temporary names change.
    'ViewStmt' in ast
  );
}

function tableKey(table: TableName): string {
  return `${table.schema}\u0000${table.name}`;
}

function columnKey(table: TableName, column: string): string {
  return `${table.schema}\u0000${table.name}\u0000${column}`;
}

/** isTemporary: a CREATE TEMP table, which lives in pg_temp and leaves the service's table alone. */
export function isTemporary(relation: { relpersistence?: string } | undefined): boolean {
  return relation?.relpersistence === 't';
}
