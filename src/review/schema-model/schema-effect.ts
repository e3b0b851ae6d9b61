/**
 * What one statement does to the schema model, as plain JSON data (effects are cached on disk per
 * file checksum, so they hold no class instances, no undefined and no Maps). Names are resolved
 * against the migration's search_path when the effect is built; names PostgreSQL generates
 * (`<table>_pkey`, `<table>_<col>_fkey`...) are chosen when the effect is applied, because they
 * depend on what the schema already holds.
 */

/** Where the statement is in its file, for inexact reasons (`auth/0007_x.sql:3:1: DO block`). */
export interface EffectPosition {
  line: number;
  column: number;
}

/** A column type resolved to what `format_type` prints (see column-type.ts). */
export interface ColumnType {
  type: string;
  baseType: string;
  typeSchema: string | null;
  length: number | null;
  scale: number | null;
  isArray: boolean;
}

export interface ColumnSpec {
  name: string;
  type: ColumnType;
  /** NOT NULL written, or implied (serial, identity). PRIMARY KEY adds it when applied. */
  notNull: boolean;
  /** Approximate: the default as written, `nextval(...)` for serials. */
  default: string | null;
  identity: 'always' | 'by default' | null;
  /** Approximate: the generation expression as deparsed. */
  generated: string | null;
  /** serial types own a sequence `<table>_<col>_seq`; identity columns too. */
  ownsSequence: boolean;
}

export interface ForeignKeyTarget {
  schema: string;
  table: string;
  /** Null when omitted: the referenced table's primary key, looked up when applied. */
  columns: string[] | null;
}

/**
 * A constraint as written. `columns` of a check are the columns its expression names, once each,
 * in the order written (as `conkey` lists them).
 */
export type ConstraintSpec =
  | {
      kind: 'primary-key' | 'unique';
      name: string | null;
      columns: string[];
      /** ADD CONSTRAINT ... USING INDEX: the index becomes the constraint's (renamed to it). */
      usingIndex: string | null;
    }
  | { kind: 'exclusion'; name: string | null; columns: string[] }
  | { kind: 'check'; name: string | null; columns: string[]; expression: string; notValid: boolean }
  | {
      kind: 'foreign-key';
      name: string | null;
      columns: string[];
      references: ForeignKeyTarget;
      onDelete: string;
      onUpdate: string;
      notValid: boolean;
    }
  /** PostgreSQL 18's `ADD CONSTRAINT n NOT NULL col`: sets the column NOT NULL. */
  | { kind: 'not-null'; name: string | null; columns: string[] };

/** One key column of an index: a column, or an expression (approximate text, see expression-text.ts). */
export type IndexColumnSpec = { column: string } | { expression: string; nameHint: string };

export type TableCommand =
  | { kind: 'add-column'; column: ColumnSpec; constraints: ConstraintSpec[]; ifNotExists: boolean }
  | { kind: 'drop-column'; column: string; ifExists: boolean; cascade: boolean }
  | { kind: 'alter-column-type'; column: string; type: ColumnType }
  | { kind: 'set-not-null'; column: string }
  | { kind: 'drop-not-null'; column: string }
  | { kind: 'set-default'; column: string; default: string | null }
  | { kind: 'add-identity'; column: string; identity: 'always' | 'by default' }
  | { kind: 'drop-identity'; column: string; ifExists: boolean }
  | { kind: 'add-constraint'; constraint: ConstraintSpec }
  | { kind: 'drop-constraint'; name: string; ifExists: boolean; cascade: boolean }
  | { kind: 'validate-constraint'; name: string }
  | { kind: 'rename-constraint'; from: string; to: string }
  | { kind: 'rename-column'; from: string; to: string }
  | { kind: 'rename'; to: string }
  | { kind: 'set-schema'; schema: string }
  | { kind: 'comment'; column: string | null; comment: string | null };

export interface QualifiedObject {
  schema: string;
  name: string;
}

export type SchemaEffect =
  | { kind: 'create-schema'; schema: string; ifNotExists: boolean; at: EffectPosition }
  | { kind: 'drop-schemas'; schemas: string[]; ifExists: boolean; cascade: boolean; at: EffectPosition }
  | {
      kind: 'create-table';
      schema: string;
      table: string;
      ifNotExists: boolean;
      partitioned: boolean;
      columns: ColumnSpec[];
      /** Column constraints and table constraints, in the order written. */
      constraints: ConstraintSpec[];
      at: EffectPosition;
    }
  | {
      kind: 'drop-tables';
      tables: QualifiedObject[];
      ifExists: boolean;
      cascade: boolean;
      at: EffectPosition;
    }
  | {
      kind: 'alter-table';
      schema: string;
      table: string;
      ifExists: boolean;
      commands: TableCommand[];
      at: EffectPosition;
    }
  | {
      kind: 'create-index';
      schema: string;
      table: string;
      name: string | null;
      ifNotExists: boolean;
      unique: boolean;
      columns: IndexColumnSpec[];
      /** INCLUDE columns: not key columns, but dropping one drops the index. */
      include: string[];
      method: string;
      predicate: string | null;
      at: EffectPosition;
    }
  | {
      kind: 'drop-indexes';
      indexes: QualifiedObject[];
      ifExists: boolean;
      cascade: boolean;
      at: EffectPosition;
    }
  | { kind: 'rename-index'; schema: string; from: string; to: string; ifExists: boolean; at: EffectPosition }
  | { kind: 'create-enum'; schema: string; name: string; values: string[]; at: EffectPosition }
  | { kind: 'rename-type'; schema: string; from: string; to: string; at: EffectPosition }
  | { kind: 'create-sequence'; schema: string; name: string; ifNotExists: boolean; at: EffectPosition }
  | {
      kind: 'create-view';
      schema: string;
      name: string;
      materialized: boolean;
      orReplace: boolean;
      ifNotExists: boolean;
      at: EffectPosition;
    }
  | {
      kind: 'drop-relations';
      relation: 'view' | 'materialized-view' | 'sequence';
      objects: QualifiedObject[];
      ifExists: boolean;
      at: EffectPosition;
    }
  | { kind: 'drop-types'; types: QualifiedObject[]; ifExists: boolean; at: EffectPosition }
  /** Something the model does not follow: the schemas it may change become inexact. */
  | { kind: 'unknown'; schemas: string[] | 'all'; reason: string; at: EffectPosition };
