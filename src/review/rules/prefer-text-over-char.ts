import { tableKey } from '../ast/qualified-name.js';
import { statementOffset } from '../ast/statement-offset.js';
import { typedColumns } from '../ast/typed-columns.js';
import type { Rule, RuleViolation } from '../rule.js';

/** prefer-text-over-char: char(n) pads with blanks, compares oddly and is no faster than text. */
export const preferTextOverChar: Rule = {
  id: 'prefer-text-over-char',
  defaultSeverity: 'warning',
  summary: 'a char(n) column (prefer text or varchar: char pads with blanks)',
  checkStatement(context) {
    const violations: RuleViolation[] = [];
    for (const column of typedColumns(context)) {
      if (column.type.name !== 'bpchar' || column.type.schema !== null) continue;
      const length = column.type.modifiers[0] ?? 1;
      violations.push({
        message: `${tableKey(column.table)}.${column.column} is char(${length}): values are padded with blanks, trailing blanks are ignored in comparisons but not by clients, and it is no faster than text`,
        help: `Use text (with CHECK (length(${column.column}) = ${length}) if the length is fixed) or varchar(${length}).`,
        offset: statementOffset(context, column.location),
        target: `${tableKey(column.table)}.${column.column}`,
      });
    }
    return violations;
  },
};
