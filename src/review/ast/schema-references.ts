import { stringValues } from './string-values.js';

/** A name in a statement that says which schema it lives in. */
export interface SchemaReference {
  schema: string;
  /** The object named, or null when the schema itself is named (DROP SCHEMA, GRANT ON SCHEMA). */
  name: string | null;
  /** `relation` for tables, views, sequences, indexes; `routine` for functions and types. */
  kind: 'relation' | 'routine' | 'schema';
  /** Byte location in the parsed section, when the parser gave one. */
  location: number | undefined;
}

type ParserObject = Record<string, unknown>;

const TABLE_SCOPED_OBJECTS = new Set(['OBJECT_TRIGGER', 'OBJECT_POLICY', 'OBJECT_RULE']);

function isObject(value: unknown): value is ParserObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function locationOf(node: ParserObject): number | undefined {
  return typeof node.location === 'number' ? node.location : undefined;
}

function nameListReference(
  list: unknown,
  kind: SchemaReference['kind'],
  location: number | undefined,
): SchemaReference[] {
  if (!Array.isArray(list)) return [];
  const parts = stringValues(list);
  if (parts.length < 2) return [];
  return [{ schema: parts.at(-2) ?? '', name: parts.at(-1) ?? null, kind, location }];
}

/** schemaNames reads `[{ String: { sval } }]` items as schema names. */
function schemaNames(list: unknown, location: number | undefined): SchemaReference[] {
  if (!Array.isArray(list)) return [];
  return stringValues(list).map((schema) => ({ schema, name: null, kind: 'schema' as const, location }));
}

/** commentTarget reads `COMMENT ON <kind> <name>`: a column's (trigger's, constraint's) name is [schema.]table.name. */
function commentTarget(node: ParserObject): SchemaReference[] {
  const object = isObject(node.object) ? node.object : null;
  if (object === null) return [];
  if (node.objtype === 'OBJECT_SCHEMA')
    return isObject(object.String) ? schemaNames([object], undefined) : [];
  if (!isObject(object.List)) return [];
  const parts = stringValues(Array.isArray(object.List.items) ? object.List.items : []);
  const onTable = node.objtype === 'OBJECT_COLUMN' || node.objtype === 'OBJECT_TABCONSTRAINT';
  const nameParts = onTable || TABLE_SCOPED_OBJECTS.has(String(node.objtype)) ? parts.slice(0, -1) : parts;
  return nameListReference(
    nameParts.map((sval) => ({ String: { sval } })),
    'relation',
    undefined,
  );
}

/** schemaOptions reads `IN SCHEMA a, b` / `SCHEMA a` options (DefElem `schemas` / `schema`). */
function schemaOptions(options: unknown): SchemaReference[] {
  if (!Array.isArray(options)) return [];
  const found: SchemaReference[] = [];
  for (const option of options) {
    const element = isObject(option) && isObject(option.DefElem) ? option.DefElem : null;
    if (element === null || (element.defname !== 'schemas' && element.defname !== 'schema')) continue;
    const arg = isObject(element.arg) ? element.arg : null;
    if (arg === null) continue;
    if (isObject(arg.List)) found.push(...schemaNames(arg.List.items, locationOf(element)));
    else found.push(...schemaNames([arg], locationOf(element)));
  }
  return found;
}

/** referencesOfNode adds to `found` the schema-qualified names held directly by one statement node. */
function referencesOfNode(kind: string | null, node: ParserObject, found: SchemaReference[]): void {
  if (typeof node.relname === 'string' && typeof node.schemaname === 'string' && node.schemaname !== '')
    found.push({ schema: node.schemaname, name: node.relname, kind: 'relation', location: locationOf(node) });
  // TypeName (`names`), FuncCall and CREATE FUNCTION (`funcname`), ObjectWithArgs (`objname`).
  if (kind === 'TypeName' || 'typemod' in node)
    found.push(...nameListReference(node.names, 'routine', locationOf(node)));
  if (Array.isArray(node.funcname))
    found.push(...nameListReference(node.funcname, 'routine', locationOf(node)));
  if (Array.isArray(node.objname))
    found.push(...nameListReference(node.objname, 'routine', locationOf(node)));
  if (kind === 'DropStmt') {
    if (node.removeType === 'OBJECT_SCHEMA') found.push(...schemaNames(node.objects, undefined));
    else if (Array.isArray(node.objects)) {
      // Triggers, policies and rules are named `[schema.]table.name`: the table carries the schema.
      const onTable = TABLE_SCOPED_OBJECTS.has(String(node.removeType));
      for (const object of node.objects) {
        if (!isObject(object) || !isObject(object.List) || !Array.isArray(object.List.items)) continue;
        const items = onTable ? object.List.items.slice(0, -1) : object.List.items;
        found.push(...nameListReference(items, 'relation', undefined));
      }
    }
  }
  if (
    kind === 'GrantStmt' &&
    (node.objtype === 'OBJECT_SCHEMA' || node.targtype === 'ACL_TARGET_ALL_IN_SCHEMA')
  )
    found.push(...schemaNames(node.objects, undefined));
  if (kind === 'CreateSchemaStmt' && typeof node.schemaname === 'string')
    found.push({ schema: node.schemaname, name: null, kind: 'schema', location: undefined });
  if (kind === 'AlterObjectSchemaStmt' && typeof node.newschema === 'string')
    found.push({ schema: node.newschema, name: null, kind: 'schema', location: undefined });
  if (kind === 'RenameStmt' && node.renameType === 'OBJECT_SCHEMA' && typeof node.subname === 'string')
    found.push({ schema: node.subname, name: null, kind: 'schema', location: undefined });
  // Statements that hold a type's qualified name as a bare list.
  if (kind === 'CreateEnumStmt' || kind === 'AlterEnumStmt' || kind === 'CreateRangeStmt')
    found.push(...nameListReference(node.typeName, 'routine', undefined));
  if (kind === 'CreateDomainStmt') found.push(...nameListReference(node.domainname, 'routine', undefined));
  if (kind === 'CommentStmt') found.push(...commentTarget(node));
  if (kind === 'AlterDefaultPrivilegesStmt') found.push(...schemaOptions(node.options));
  // An extension installs functions and types: its schema counts like a routine's.
  if (kind === 'CreateExtensionStmt')
    found.push(
      ...schemaOptions(node.options).map((reference) => ({ ...reference, kind: 'routine' as const })),
    );
  if (kind === 'VariableSetStmt' && node.name === 'search_path' && Array.isArray(node.args)) {
    for (const arg of node.args) {
      const constant = isObject(arg) && isObject(arg.A_Const) ? arg.A_Const : null;
      const value = constant !== null && isObject(constant.sval) ? constant.sval.sval : undefined;
      if (typeof value === 'string')
        found.push({ schema: value, name: null, kind: 'schema', location: locationOf(constant ?? {}) });
    }
  }
}

/**
 * schemaReferences lists every schema a statement names: qualified tables anywhere in DDL or
 * DML (FROM, JOIN, INSERT INTO, subqueries), qualified types and functions, and statements that
 * name schemas themselves. Foreign-key targets are left out when `skipForeignKeyTargets` (the
 * cross-schema-foreign-key rule reports them).
 */
export function schemaReferences(
  root: unknown,
  options: { skipForeignKeyTargets: boolean },
): SchemaReference[] {
  const found: SchemaReference[] = [];
  const visit = (value: unknown, kind: string | null): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item, null);
      return;
    }
    if (!isObject(value)) return;
    referencesOfNode(kind, value, found);
    for (const key in value) {
      const child = value[key];
      if (child === null || typeof child !== 'object') continue;
      if (key === 'pktable' && options.skipForeignKeyTargets) continue;
      // `{ Kind: {...} }` wrappers name the node kind of their value (node kinds are capitalised).
      const first = key.charCodeAt(0);
      visit(child, first >= 65 && first <= 90 ? key : key === 'typeName' ? 'TypeName' : null);
    }
  };
  visit(root, null);
  return found;
}
