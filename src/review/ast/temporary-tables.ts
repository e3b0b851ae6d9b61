import type { Node, RangeVar } from 'libpg-query';
import type { MigrationSection } from '../../migrations/migration-file-types.js';
import type { StatementContext } from '../rule.js';
import { stringValues } from './string-values.js';

/** The schema a temporary table lives in, as the rules name it. */
export const TEMP_SCHEMA = 'pg_temp';

/**
 * What name resolution needs: the service's schema, and where the statement is in its section
 * (for the temporary tables earlier statements created). Without a position, or with
 * `temporaryTables` given, the caller tracks the temporary tables itself.
 */
export type NameScope = Pick<StatementContext, 'resolveSchema'> &
  Partial<Pick<StatementContext, 'file' | 'section' | 'index'>> & {
    temporaryTables?: ReadonlySet<string>;
  };

const NONE: ReadonlySet<string> = new Set();
const cache = new WeakMap<MigrationSection, ReadonlySet<string>[]>();

/**
 * temporaryTables lists the unqualified names that resolve to a temporary table at a statement:
 * pg_temp comes first in every search_path, so once a migration creates `CREATE TEMP TABLE ids`,
 * `ids` means that table (not the service's) until it is dropped.
 */
export function temporaryTables(scope: NameScope): ReadonlySet<string> {
  if (scope.temporaryTables !== undefined) return scope.temporaryTables;
  if (scope.file === undefined || scope.section === undefined || scope.index === undefined) return NONE;
  const section = scope.file[scope.section];
  if (section === null || section === undefined) return NONE;
  let perStatement = cache.get(section);
  if (perStatement === undefined) {
    perStatement = [];
    let names = NONE;
    for (const statement of section.statements) {
      perStatement.push(names);
      names = temporaryTablesAfter(statement.ast, names);
    }
    cache.set(section, perStatement);
  }
  return perStatement[scope.index] ?? NONE;
}

/** isTemporaryRelation: a relation created TEMP, or named in pg_temp, or found there first. */
export function isTemporaryRelation(relation: RangeVar | undefined, temporary: ReadonlySet<string>): boolean {
  if (relation?.relname === undefined) return false;
  if (relation.relpersistence === 't' || relation.schemaname === TEMP_SCHEMA) return true;
  return !relation.schemaname && temporary.has(relation.relname);
}

/**
 * temporaryTablesAfter gives the temporary tables (and views) after one statement: CREATE TEMP
 * TABLE / VIEW, CREATE TEMP TABLE ... AS and SELECT ... INTO TEMP add one; DROP and RENAME of
 * one follow it. A new object, and only when the statement changes them.
 */
export function temporaryTablesAfter(ast: Node, names: ReadonlySet<string>): ReadonlySet<string> {
  const created = (relation: RangeVar | undefined): ReadonlySet<string> =>
    relation?.relname !== undefined && isTemporaryRelation(relation, NONE)
      ? new Set([...names, relation.relname])
      : names;
  if ('CreateStmt' in ast) return created(ast.CreateStmt.relation);
  if ('CreateTableAsStmt' in ast) return created(ast.CreateTableAsStmt.into?.rel);
  if ('SelectStmt' in ast) return created(ast.SelectStmt.intoClause?.rel);
  if ('ViewStmt' in ast) return created(ast.ViewStmt.view);
  if (
    'DropStmt' in ast &&
    (ast.DropStmt.removeType === 'OBJECT_TABLE' || ast.DropStmt.removeType === 'OBJECT_VIEW')
  ) {
    let next = names;
    for (const object of ast.DropStmt.objects ?? []) {
      if (!('List' in object)) continue;
      const parts = stringValues(object.List.items);
      const name = parts.at(-1);
      const temporary = parts.length === 1 || parts.at(-2) === TEMP_SCHEMA;
      if (name === undefined || !temporary || !next.has(name)) continue;
      next = new Set([...next].filter((n) => n !== name));
    }
    return next;
  }
  if (
    'RenameStmt' in ast &&
    (ast.RenameStmt.renameType === 'OBJECT_TABLE' || ast.RenameStmt.renameType === 'OBJECT_VIEW') &&
    ast.RenameStmt.newname !== undefined &&
    isTemporaryRelation(ast.RenameStmt.relation, names)
  ) {
    const from = ast.RenameStmt.relation?.relname;
    return new Set([...[...names].filter((n) => n !== from), ast.RenameStmt.newname]);
  }
  return names;
}
