import type { DbSession } from '../db/db.js';
import { pgErrorDetails } from '../db/pg-error-details.js';
import { DbwardError } from '../errors/dbward-error.js';
import type {
  Catalog,
  CatalogColumn,
  CatalogConstraint,
  CatalogEnum,
  CatalogFunction,
  CatalogGrant,
  CatalogIndex,
  CatalogSchema,
  CatalogSequence,
  CatalogTable,
  CatalogView,
  ConstraintKind,
} from './catalog-model.js';
import {
  ENUMS_SQL,
  FUNCTIONS_SQL,
  GRANTS_SQL,
  HISTORY_TABLE,
  RESTORE_SETTINGS_SQL,
  SCHEMAS_SQL,
  SEQUENCES_SQL,
  TABLES_SQL,
  VIEWS_SQL,
} from './catalog-queries.js';
import { decodeTypeModifiers } from './type-modifiers.js';

export interface IntrospectOptions {
  /** Schemas to read; one that does not exist is simply absent from the result. */
  schemas: string[];
}

interface SchemasRow {
  previous_search_path: string;
  previous_jit: string;
  server_version: string;
  schemas: { name: string; owner: string; comment: string | null }[];
}

interface ColumnJson {
  name: string;
  type: string;
  baseType: string;
  typeSchema: string | null;
  typmod: number;
  isArray: boolean;
  notNull: boolean;
  default: string | null;
  identity: string;
  generated: string | null;
  comment: string | null;
  position: number;
}

interface ConstraintJson {
  name: string;
  contype: string;
  columns: string[];
  definition: string;
  validated: boolean;
  refSchema: string | null;
  refTable: string | null;
  refColumns: string[];
  onDelete: string;
  onUpdate: string;
}

interface TableRow {
  schema: string;
  name: string;
  relkind: string;
  comment: string | null;
  estimated_rows: number;
  total_bytes: number;
  columns: ColumnJson[];
  constraints: ConstraintJson[];
  indexes: CatalogIndex[];
}

type ViewRow = CatalogView;
type EnumRow = CatalogEnum;
type FunctionRow = CatalogFunction;
type GrantRow = CatalogGrant;

interface SequenceRow {
  schema: string;
  name: string;
  data_type: string;
  owner_schema: string | null;
  owner_table: string | null;
  owner_column: string | null;
}

const CONSTRAINT_KINDS: Record<string, ConstraintKind> = {
  p: 'primary-key',
  u: 'unique',
  f: 'foreign-key',
  c: 'check',
  x: 'exclusion',
};

/** `confdeltype`/`confupdtype` codes as the SQL that declares them reads. */
const FOREIGN_KEY_ACTIONS: Record<string, string> = {
  a: 'NO ACTION',
  r: 'RESTRICT',
  c: 'CASCADE',
  n: 'SET NULL',
  d: 'SET DEFAULT',
};

/**
 * introspectCatalog reads the listed schemas of the database behind `db` into the schema model,
 * with one query per object kind for all schemas together (seven round trips, plus one to restore
 * the session's `search_path` and `jit`, pinned meanwhile; see `SCHEMAS_SQL`). Failures are
 * `catalog-introspection-failed` errors.
 */
export async function introspectCatalog(db: DbSession, options: IntrospectOptions): Promise<Catalog> {
  const schemaNames = [...options.schemas];
  const what = `introspect schemas ${schemaNames.join(', ') || '(none)'}`;
  let head: SchemasRow | undefined;
  const restore = (pinned: SchemasRow) =>
    db.query(RESTORE_SETTINGS_SQL, [pinned.previous_search_path, pinned.previous_jit]);
  try {
    head = (await db.query<SchemasRow>(SCHEMAS_SQL, [schemaNames])).rows[0];
    if (!head) throw new Error('the schema query returned no row');
    const catalog = await readSchemas(db, head, schemaNames);
    await restore(head);
    return catalog;
  } catch (error) {
    // Best effort: in an aborted transaction the restore fails too, and the rollback undoes the change.
    if (head) await restore(head).catch(() => {});
    const details = pgErrorDetails(error);
    const message = details?.message ?? (error instanceof Error ? error.message : String(error));
    throw new DbwardError('catalog-introspection-failed', `${what}: ${message}`, {
      cause: error,
      ...(details ? { sqlState: details.sqlState } : {}),
    });
  }
}

async function readSchemas(db: DbSession, head: SchemasRow, schemaNames: string[]): Promise<Catalog> {
  const schemas = new Map<string, CatalogSchema>();
  for (const s of head.schemas) {
    schemas.set(s.name, {
      name: s.name,
      owner: s.owner,
      comment: s.comment,
      tables: [],
      views: [],
      enums: [],
      sequences: [],
      functions: [],
      grants: [],
    });
  }
  const catalog: Catalog = { serverVersion: head.server_version, schemas: [...schemas.values()] };
  if (schemas.size === 0) return catalog;

  const present = [...schemas.keys()];
  const withHistory = [present, HISTORY_TABLE];
  // Sequential on purpose: a DbSession is one connection, so parallel queries would only queue.
  const tables = await db.query<TableRow>(TABLES_SQL, withHistory);
  const views = await db.query<ViewRow>(VIEWS_SQL, [present]);
  const enums = await db.query<EnumRow>(ENUMS_SQL, [present]);
  const sequences = await db.query<SequenceRow>(SEQUENCES_SQL, withHistory);
  const functions = await db.query<FunctionRow>(FUNCTIONS_SQL, [present]);
  const grants = await db.query<GrantRow>(GRANTS_SQL, withHistory);

  const schemaOf = (name: string): CatalogSchema => {
    const schema = schemas.get(name);
    if (!schema) throw new Error(`object in unexpected schema ${name} (requested ${schemaNames.join(', ')})`);
    return schema;
  };
  for (const row of tables.rows) schemaOf(row.schema).tables.push(toTable(row));
  for (const row of views.rows) schemaOf(row.schema).views.push(toView(row));
  for (const row of enums.rows) schemaOf(row.schema).enums.push(toEnum(row));
  for (const row of sequences.rows) schemaOf(row.schema).sequences.push(toSequence(row));
  for (const row of functions.rows) schemaOf(row.schema).functions.push(toFunction(row));
  for (const row of grants.rows) schemaOf(row.schema).grants.push(toGrant(row));
  return catalog;
}

function toTable(row: TableRow): CatalogTable {
  return {
    schema: row.schema,
    name: row.name,
    kind: row.relkind === 'p' ? 'partitioned-table' : 'table',
    columns: row.columns.map(toColumn),
    constraints: row.constraints.map(toConstraint),
    indexes: row.indexes.map(toIndex),
    comment: row.comment,
    estimatedRows: Number(row.estimated_rows),
    totalBytes: Number(row.total_bytes),
  };
}

function toColumn(json: ColumnJson): CatalogColumn {
  const { length, scale } = decodeTypeModifiers(json.baseType, json.typmod);
  return {
    name: json.name,
    type: json.type,
    baseType: json.baseType,
    typeSchema: json.typeSchema,
    length,
    scale,
    isArray: json.isArray,
    notNull: json.notNull,
    default: json.default,
    identity: json.identity === 'a' ? 'always' : json.identity === 'd' ? 'by default' : null,
    generated: json.generated,
    comment: json.comment,
    position: json.position,
  };
}

function toConstraint(json: ConstraintJson): CatalogConstraint {
  const kind = CONSTRAINT_KINDS[json.contype];
  if (!kind) throw new Error(`constraint ${json.name} has unexpected type ${json.contype}`);
  const isForeignKey = kind === 'foreign-key';
  return {
    name: json.name,
    kind,
    columns: json.columns,
    definition: json.definition,
    validated: json.validated,
    references:
      isForeignKey && json.refSchema !== null && json.refTable !== null
        ? { schema: json.refSchema, table: json.refTable, columns: json.refColumns }
        : null,
    onDelete: isForeignKey ? (FOREIGN_KEY_ACTIONS[json.onDelete] ?? null) : null,
    onUpdate: isForeignKey ? (FOREIGN_KEY_ACTIONS[json.onUpdate] ?? null) : null,
  };
}

function toIndex(json: CatalogIndex): CatalogIndex {
  return {
    name: json.name,
    columns: json.columns,
    definition: json.definition,
    unique: json.unique,
    primary: json.primary,
    valid: json.valid,
    method: json.method,
    predicate: json.predicate,
    constraint: json.constraint,
  };
}

function toView(row: ViewRow): CatalogView {
  return {
    schema: row.schema,
    name: row.name,
    materialized: row.materialized,
    definition: row.definition,
    comment: row.comment,
  };
}

function toEnum(row: EnumRow): CatalogEnum {
  return { schema: row.schema, name: row.name, values: row.values };
}

function toSequence(row: SequenceRow): CatalogSequence {
  const ownedBy =
    row.owner_schema !== null && row.owner_table !== null && row.owner_column !== null
      ? `${row.owner_schema}.${row.owner_table}.${row.owner_column}`
      : null;
  return { schema: row.schema, name: row.name, dataType: row.data_type, ownedBy };
}

function toFunction(row: FunctionRow): CatalogFunction {
  return {
    schema: row.schema,
    name: row.name,
    arguments: row.arguments,
    returns: row.returns,
    language: row.language,
    definition: row.definition,
  };
}

function toGrant(row: GrantRow): CatalogGrant {
  return { schema: row.schema, object: row.object, grantee: row.grantee, privilege: row.privilege };
}
