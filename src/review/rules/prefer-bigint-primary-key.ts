import { columnDefinitions, hasConstraint } from '../ast/column-definitions.js';
import { beforeTable } from '../ast/existing-table.js';
import { type QualifiedName, qualifiedName, tableKey } from '../ast/qualified-name.js';
import { statementOffset } from '../ast/statement-offset.js';
import { addedConstraints } from '../ast/table-constraints.js';
import { readTypeName } from '../ast/type-name.js';
import { type TypedColumn, typedColumns } from '../ast/typed-columns.js';
import type { Rule, RuleViolation, StatementContext } from '../rule.js';

// 32-bit (and 16-bit) keys run out: int4 tops out at 2,147,483,647.
const SMALL_KEY_TYPES: Partial<Record<string, string>> = {
  int4: 'integer',
  int2: 'smallint',
  serial: 'serial',
  smallserial: 'smallserial',
};

/**
 * typedEarlier finds the last type an earlier statement of the section gave `column` of `table`
 * (CREATE TABLE, ADD COLUMN, ALTER COLUMN ... TYPE), or null when none did.
 */
function typedEarlier(
  context: StatementContext,
  table: Pick<QualifiedName, 'schema' | 'name'>,
  column: string,
): TypedColumn | null {
  const key = tableKey(table);
  let found: TypedColumn | null = null;
  const statements = context.file[context.section]?.statements ?? [];
  for (const [index, statement] of statements.slice(0, context.index).entries()) {
    const ast = statement.ast;
    // A new CREATE TABLE of the name replaces whatever an earlier one declared.
    if (
      'CreateStmt' in ast &&
      tableKey(qualifiedName(ast.CreateStmt.relation, context) ?? { schema: '', name: '' }) === key
    )
      found = null;
    for (const typed of typedColumns({ ...context, statement, index }))
      if (typed.column === column && tableKey(typed.table) === key) found = typed;
  }
  return found;
}

/** prefer-bigint-primary-key: an integer primary key runs out of values and is costly to widen later. */
export const preferBigintPrimaryKey: Rule = {
  id: 'prefer-bigint-primary-key',
  defaultSeverity: 'warning',
  summary: 'an integer or serial primary key (prefer bigint identity: int4 runs out at 2^31)',
  checkStatement(context) {
    const definitions = columnDefinitions(context);
    const violations: RuleViolation[] = [];
    const report = (table: QualifiedName, name: string, type: string, location: number | undefined): void => {
      violations.push({
        message: `primary key ${tableKey(table)}.${name} is ${type}: it runs out of values, and widening it later rewrites the table and every referencing one`,
        help: `Use ${name} bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY (or bigserial, or uuid).`,
        offset: statementOffset(context, location),
        target: `${tableKey(table)}.${name}`,
      });
    };
    const keyColumns = new Set<string>();
    for (const added of addedConstraints(context)) {
      if (added.constraint.contype !== 'CONSTR_PRIMARY') continue;
      for (const column of added.columns) {
        keyColumns.add(column);
        // ADD PRIMARY KEY (id) on a column that already exists: its type is in the schema before.
        if (definitions.some((definition) => definition.column.colname === column)) continue;
        // On a table created (or a column added or re-typed) earlier in the migration: the type written there.
        const written = typedEarlier(context, added.table, column);
        const existing =
          written === null
            ? beforeTable(context, added.table)?.columns.find((c) => c.name === column)
            : undefined;
        const type = SMALL_KEY_TYPES[written?.type.name ?? existing?.baseType ?? ''];
        if (type !== undefined) report(added.table, column, type, added.constraint.location);
      }
    }
    for (const definition of definitions) {
      const name = definition.column.colname ?? '';
      if (!keyColumns.has(name) && !hasConstraint(definition, 'CONSTR_PRIMARY')) continue;
      const type = SMALL_KEY_TYPES[readTypeName(definition.column.typeName).name];
      if (type !== undefined) report(definition.table, name, type, definition.column.typeName?.location);
    }
    return violations;
  },
};
