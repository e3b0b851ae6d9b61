import { tableKey } from '../ast/qualified-name.js';
import { statementOffset } from '../ast/statement-offset.js';
import { typedColumns } from '../ast/typed-columns.js';
import type { Rule, RuleViolation } from '../rule.js';

/**
 * prefer-text-over-char: char(n) pads with blanks, compares oddly and is no faster than text.
 * The parser gives `char` / `character` a length of 1; `bpchar` written without a length has
 * none (format_type shows plain `bpchar`): it does not pad, but still ignores trailing blanks.
 */
export const preferTextOverChar: Rule = {
  id: 'prefer-text-over-char',
  defaultSeverity: 'warning',
  summary: 'a char(n) column (prefer text or varchar: char pads with blanks)',
  checkStatement(context) {
    const violations: RuleViolation[] = [];
    for (const column of typedColumns(context)) {
      if (column.type.name !== 'bpchar' || column.type.schema !== null) continue;
      const name = `${tableKey(column.table)}.${column.column}`;
      const length = column.type.modifiers[0];
      violations.push(
        length === undefined
          ? {
              message: `${name} is bpchar (char with no length limit): trailing blanks are ignored in comparisons and dropped on a cast to text, but kept and returned to clients, and it is no faster than text`,
              help: 'Use text.',
              offset: statementOffset(context, column.location),
              target: name,
            }
          : {
              message: `${name} is char(${length}): values are padded with blanks, trailing blanks are ignored in comparisons but not by clients, and it is no faster than text`,
              help: `Use text (with CHECK (length(${column.column}) = ${length}) if the length is fixed) or varchar(${length}).`,
              offset: statementOffset(context, column.location),
              target: name,
            },
      );
    }
    return violations;
  },
};
