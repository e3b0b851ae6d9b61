import { tableKey } from '../ast/qualified-name.js';
import { statementOffset } from '../ast/statement-offset.js';
import { typedColumns } from '../ast/typed-columns.js';
import type { Rule, RuleViolation } from '../rule.js';

/** prefer-timestamptz: `timestamp` stores wall-clock time with no zone, so instants become ambiguous. */
export const preferTimestamptz: Rule = {
  id: 'prefer-timestamptz',
  defaultSeverity: 'warning',
  summary: 'a timestamp without time zone column (prefer timestamptz)',
  checkStatement(context) {
    const violations: RuleViolation[] = [];
    for (const column of typedColumns(context)) {
      if (column.type.name !== 'timestamp' || column.type.schema !== null) continue;
      violations.push({
        message: `${tableKey(column.table)}.${column.column} is timestamp without time zone: its values mean different instants to clients in different zones, and DST makes some ambiguous`,
        help: 'Use timestamptz: it stores an instant (UTC) and converts to the session time zone on the way out. Keep plain timestamp only for wall-clock times such as "opens at 09:00 local".',
        offset: statementOffset(context, column.location),
        target: `${tableKey(column.table)}.${column.column}`,
      });
    }
    return violations;
  },
};
