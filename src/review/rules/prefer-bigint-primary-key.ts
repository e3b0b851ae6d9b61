import { columnDefinitions, hasConstraint } from '../ast/column-definitions.js';
import { beforeTable } from '../ast/existing-table.js';
import { type QualifiedName, tableKey } from '../ast/qualified-name.js';
import { statementOffset } from '../ast/statement-offset.js';
import { addedConstraints } from '../ast/table-constraints.js';
import { readTypeName } from '../ast/type-name.js';
import type { Rule, RuleViolation } from '../rule.js';

// 32-bit (and 16-bit) keys run out: int4 tops out at 2,147,483,647.
const SMALL_KEY_TYPES: Partial<Record<string, string>> = {
  int4: 'integer',
  int2: 'smallint',
  serial: 'serial',
  smallserial: 'smallserial',
};

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
        const existing = beforeTable(context, added.table)?.columns.find((c) => c.name === column);
        const type = existing === undefined ? undefined : SMALL_KEY_TYPES[existing.baseType];
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
