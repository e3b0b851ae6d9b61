/**
 * The schema model: what one or more schemas of a database hold, as plain data. Introspection
 * fills it from pg_catalog; diff, review, docs and isolation read it. Names are unquoted.
 */

/** A type as `format_type` prints it (`character varying(255)`, `integer`, `timestamp with time zone`). */
export interface CatalogColumn {
  name: string;
  /** `format_type(atttypid, atttypmod)`. */
  type: string;
  /** Base type name without modifiers (`varchar`, `int4`, `numeric`, `timestamptz`, an enum's name). */
  baseType: string;
  /** Schema of the type when it is not in pg_catalog (enums, domains). */
  typeSchema: string | null;
  /** Length for char/varchar, precision for numeric/time types; null when unconstrained. */
  length: number | null;
  /** Scale for numeric; null otherwise. */
  scale: number | null;
  isArray: boolean;
  notNull: boolean;
  /** `pg_get_expr` of the default, or null. */
  default: string | null;
  identity: 'always' | 'by default' | null;
  generated: string | null;
  comment: string | null;
  /** Position among the table's live columns, 1-based. */
  position: number;
}

export type ConstraintKind = 'primary-key' | 'unique' | 'foreign-key' | 'check' | 'exclusion';

export interface CatalogConstraint {
  name: string;
  kind: ConstraintKind;
  columns: string[];
  /** `pg_get_constraintdef`. */
  definition: string;
  /** False for a constraint added NOT VALID and not yet validated. */
  validated: boolean;
  /** For foreign keys: the referenced table and columns. */
  references: { schema: string; table: string; columns: string[] } | null;
  onDelete: string | null;
  onUpdate: string | null;
}

export interface CatalogIndex {
  name: string;
  columns: string[];
  /** Full `pg_get_indexdef`. */
  definition: string;
  unique: boolean;
  primary: boolean;
  /** False for an index left INVALID by a failed CREATE INDEX CONCURRENTLY. */
  valid: boolean;
  method: string;
  /** Partial index predicate, or null. */
  predicate: string | null;
  /** The constraint this index backs (PK/UNIQUE/EXCLUDE), or null. */
  constraint: string | null;
}

export interface CatalogTable {
  schema: string;
  name: string;
  kind: 'table' | 'partitioned-table';
  columns: CatalogColumn[];
  constraints: CatalogConstraint[];
  indexes: CatalogIndex[];
  comment: string | null;
  /** `pg_class.reltuples`; -1 when never analyzed. */
  estimatedRows: number;
  /** Bytes on disk (`pg_total_relation_size`). */
  totalBytes: number;
}

export interface CatalogEnum {
  schema: string;
  name: string;
  values: string[];
}

export interface CatalogView {
  schema: string;
  name: string;
  materialized: boolean;
  definition: string;
  comment: string | null;
}

export interface CatalogSequence {
  schema: string;
  name: string;
  dataType: string;
  /** `schema.table.column` that owns it, or null. */
  ownedBy: string | null;
}

export interface CatalogFunction {
  schema: string;
  name: string;
  /** `pg_get_function_identity_arguments`. */
  arguments: string;
  returns: string;
  language: string;
  definition: string;
}

export interface CatalogGrant {
  schema: string;
  /** Object name, or null for a grant on the schema itself. */
  object: string | null;
  grantee: string;
  privilege: string;
}

export interface CatalogSchema {
  name: string;
  owner: string;
  comment: string | null;
  tables: CatalogTable[];
  views: CatalogView[];
  enums: CatalogEnum[];
  sequences: CatalogSequence[];
  functions: CatalogFunction[];
  grants: CatalogGrant[];
}

/** Catalog is a snapshot of some schemas of one database. */
export interface Catalog {
  serverVersion: string;
  schemas: CatalogSchema[];
}
