import { columnDefinitions, hasConstraint } from '../ast/column-definitions.js';
import { tableKey } from '../ast/qualified-name.js';
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
    const keyColumns = new Set<string>();
    for (const added of addedConstraints(context)) {
      if (added.constraint.contype === 'CONSTR_PRIMARY')
        for (const column of added.columns) keyColumns.add(column);
    }
    const violations: RuleViolation[] = [];
    for (const definition of definitions) {
      const name = definition.column.colname ?? '';
      if (!keyColumns.has(name) && !hasConstraint(definition, 'CONSTR_PRIMARY')) continue;
      const type = SMALL_KEY_TYPES[readTypeName(definition.column.typeName).name];
      if (type === undefined) continue;
      violations.push({
        message: `primary key ${tableKey(definition.table)}.${name} is ${type}: it runs out of values, and widening it later rewrites the table and every referencing one`,
        help: `Use ${name} bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY (or bigserial, or uuid).`,
        offset: statementOffset(context, definition.column.typeName?.location),
        target: `${tableKey(definition.table)}.${name}`,
      });
    }
    return violations;
  },
};
