import type { ColumnDef, Constraint, Node } from 'libpg-query';
import { stringValues } from '../ast/string-values.js';
import { resolveColumnType } from './column-type.js';
import { expressionText, referencedColumns } from './expression-text.js';
import type { ColumnSpec, ConstraintSpec } from './schema-effect.js';

/** Reading column definitions and constraints of CREATE TABLE / ALTER TABLE into effect specs. */

/** Thrown when a definition uses something the model does not follow (LIKE, NOT ENFORCED...). */
export class UnmodelledDefinition extends Error {}

/** How a statement resolves names: the search_path's schema for unqualified ones. */
export interface NameScope {
  schema: string;
}

const FOREIGN_KEY_ACTIONS: Record<string, string> = {
  a: 'NO ACTION',
  r: 'RESTRICT',
  c: 'CASCADE',
  n: 'SET NULL',
  d: 'SET DEFAULT',
};

/** A column definition: the column, and its inline constraints as table constraints on it. */
export interface ColumnDefinitionSpec {
  column: ColumnSpec;
  constraints: ConstraintSpec[];
}

export function columnDefinitionSpec(definition: ColumnDef, scope: NameScope): ColumnDefinitionSpec {
  const name = definition.colname ?? '';
  const { type, serial } = resolveColumnType(definition.typeName, scope.schema);
  const column: ColumnSpec = {
    name,
    type,
    notNull: serial,
    default: serial ? `nextval('...'::regclass)` : null,
    identity: null,
    generated: null,
    ownsSequence: serial,
  };
  if (definition.raw_default !== undefined) column.default = expressionText(definition.raw_default);
  const constraints: ConstraintSpec[] = [];
  for (const node of definition.constraints ?? []) {
    if (!('Constraint' in node)) continue;
    const constraint = node.Constraint;
    switch (constraint.contype) {
      case 'CONSTR_NOTNULL':
        column.notNull = true;
        break;
      case 'CONSTR_DEFAULT':
        column.default = expressionText(constraint.raw_expr);
        break;
      case 'CONSTR_IDENTITY':
        column.identity = constraint.generated_when === 'a' ? 'always' : 'by default';
        column.notNull = true;
        column.ownsSequence = true;
        break;
      case 'CONSTR_GENERATED':
        column.generated = expressionText(constraint.raw_expr);
        break;
      default: {
        const spec = constraintSpec(constraint, scope, name);
        if (spec !== null) constraints.push(spec);
      }
    }
  }
  return { column, constraints };
}

/**
 * constraintSpec reads a constraint; `column` is the column it is written on (inline), else
 * null. Null for clauses that are not constraints of the model (DEFERRABLE, NULL...).
 */
export function constraintSpec(
  constraint: Constraint,
  scope: NameScope,
  column: string | null,
): ConstraintSpec | null {
  const name = constraint.conname ?? null;
  const keys = column === null ? stringValues(constraint.keys) : [column];
  if (constraint.is_enforced === false) throw new UnmodelledDefinition('NOT ENFORCED constraint');
  switch (constraint.contype) {
    case 'CONSTR_PRIMARY':
    case 'CONSTR_UNIQUE':
      if (constraint.without_overlaps === true) throw new UnmodelledDefinition('WITHOUT OVERLAPS key');
      return {
        kind: constraint.contype === 'CONSTR_PRIMARY' ? 'primary-key' : 'unique',
        name,
        columns: constraint.indexname === undefined ? keys : [],
        usingIndex: constraint.indexname ?? null,
      };
    case 'CONSTR_EXCLUSION':
      return { kind: 'exclusion', name, columns: exclusionColumns(constraint.exclusions) };
    case 'CONSTR_NOTNULL':
      return { kind: 'not-null', name, columns: keys };
    case 'CONSTR_CHECK':
      return {
        kind: 'check',
        name,
        columns: referencedColumns(constraint.raw_expr),
        expression: expressionText(constraint.raw_expr),
        notValid: constraint.initially_valid !== true,
      };
    case 'CONSTR_FOREIGN': {
      if (constraint.fk_with_period === true) throw new UnmodelledDefinition('PERIOD foreign key');
      const referenced = stringValues(constraint.pk_attrs);
      return {
        kind: 'foreign-key',
        name,
        columns: column === null ? stringValues(constraint.fk_attrs) : [column],
        references: {
          schema: constraint.pktable?.schemaname || scope.schema,
          table: constraint.pktable?.relname ?? '',
          columns: referenced.length === 0 ? null : referenced,
        },
        onDelete: FOREIGN_KEY_ACTIONS[constraint.fk_del_action ?? 'a'] ?? 'NO ACTION',
        onUpdate: FOREIGN_KEY_ACTIONS[constraint.fk_upd_action ?? 'a'] ?? 'NO ACTION',
        notValid: constraint.initially_valid !== true,
      };
    }
    default:
      return null;
  }
}

/** An exclusion constraint's columns: `EXCLUDE USING gist (room WITH =, during WITH &&)`. */
function exclusionColumns(exclusions: Node[] | undefined): string[] {
  const columns: string[] = [];
  for (const pair of exclusions ?? []) {
    const element = 'List' in pair ? pair.List.items?.[0] : undefined;
    if (element === undefined || !('IndexElem' in element) || element.IndexElem.name === undefined)
      throw new UnmodelledDefinition('exclusion constraint on an expression');
    columns.push(element.IndexElem.name);
  }
  return columns;
}
