import type { Node } from 'libpg-query';
import { columnDefinitions } from '../ast/column-definitions.js';
import { isExistingTable, isLargeTable, rowsNote } from '../ast/existing-table.js';
import { tableKey } from '../ast/qualified-name.js';
import { statementOffset } from '../ast/statement-offset.js';
import { stringValues } from '../ast/string-values.js';
import { readTypeName } from '../ast/type-name.js';
import type { Rule, RuleViolation } from '../rule.js';

// Built-in functions whose value changes per row: as a default they force a table rewrite.
const VOLATILE = new Set([
  'random',
  'gen_random_uuid',
  'uuidv4',
  'uuidv7',
  'uuid_generate_v1',
  'uuid_generate_v1mc',
  'uuid_generate_v4',
  'clock_timestamp',
  'timeofday',
  'nextval',
  'random_normal',
  'gen_random_bytes',
]);
// Stable or immutable built-ins often used in defaults: evaluated once, no rewrite.
const NOT_VOLATILE = new Set([
  'now',
  'statement_timestamp',
  'transaction_timestamp',
  'current_setting',
  'lower',
  'upper',
  'concat',
  'to_char',
  'to_timestamp',
  'make_interval',
  'jsonb_build_object',
  'json_build_object',
  'array_fill',
]);
const SEQUENCE_TYPES = new Set(['serial', 'bigserial', 'smallserial']);

interface CalledFunction {
  name: string;
  location: number | undefined;
}

/** calledFunctions lists the functions an expression calls, depth first. */
function calledFunctions(expression: Node | undefined): CalledFunction[] {
  const found: CalledFunction[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    for (const [key, child] of Object.entries(value)) {
      if (key === 'FuncCall' && child !== null && typeof child === 'object' && 'funcname' in child) {
        const call = child as { funcname?: Node[]; location?: number };
        found.push({
          name: (stringValues(call.funcname).at(-1) ?? '').toLowerCase(),
          location: call.location,
        });
      }
      visit(child);
    }
  };
  visit(expression);
  return found;
}

/**
 * volatile-default: ADD COLUMN with a constant default is a catalog change, but a volatile
 * default (random(), gen_random_uuid(), clock_timestamp(), a sequence) is computed per row, so
 * PostgreSQL rewrites the whole table under an ACCESS EXCLUSIVE lock.
 */
export const volatileDefault: Rule = {
  id: 'volatile-default',
  defaultSeverity: 'error',
  summary:
    'ADD COLUMN with a volatile default (or serial, identity, stored generated) on an existing table (rewrites it)',
  checkStatement(context) {
    const violations: RuleViolation[] = [];
    for (const definition of columnDefinitions(context)) {
      if (!definition.added || !isExistingTable(context, definition.table)) continue;
      const name = definition.column.colname ?? '';
      const target = `${tableKey(definition.table)}.${name}`;
      const rows = rowsNote(context, definition.table);
      const help =
        'Add the column without a default (or with a constant one), set the default afterwards with ALTER COLUMN ... SET DEFAULT (new rows only), and backfill existing rows in batches.';
      const type = readTypeName(definition.column.typeName).name;
      const identity = definition.constraints.some((c) => c.contype === 'CONSTR_IDENTITY');
      if (SEQUENCE_TYPES.has(type) || identity) {
        violations.push({
          message: `ADD COLUMN ${name} ${identity ? 'GENERATED AS IDENTITY' : type} fills every existing row of ${tableKey(definition.table)} with a sequence value: a full rewrite under an ACCESS EXCLUSIVE lock${rows}`,
          help,
          offset: statementOffset(context, definition.column.location),
          target,
        });
        continue;
      }
      const stored = definition.constraints.find(
        (c) => c.contype === 'CONSTR_GENERATED' && c.generated_kind === 's',
      );
      if (stored !== undefined) {
        violations.push({
          message: `ADD COLUMN ${name} GENERATED ... STORED computes and writes the value for every existing row of ${tableKey(definition.table)}: a full rewrite under an ACCESS EXCLUSIVE lock${rows}`,
          help: 'On PostgreSQL 18 a VIRTUAL generated column adds no storage and no rewrite; otherwise add a plain column, fill it with a trigger for new rows and backfill old rows in batches.',
          offset: statementOffset(context, stored.location),
          target,
        });
        continue;
      }
      for (const constraint of definition.constraints) {
        if (constraint.contype !== 'CONSTR_DEFAULT') continue;
        const calls = calledFunctions(constraint.raw_expr);
        const volatile = calls.find((call) => VOLATILE.has(call.name));
        const unknown = calls.find((call) => !VOLATILE.has(call.name) && !NOT_VOLATILE.has(call.name));
        const culprit = volatile ?? unknown;
        if (culprit === undefined) continue;
        violations.push({
          message:
            volatile !== undefined
              ? `the default ${culprit.name}() is volatile: adding ${name} rewrites every row of ${tableKey(definition.table)} under an ACCESS EXCLUSIVE lock${rows}`
              : `dbward cannot tell whether the default ${culprit.name}() is volatile; if it is, adding ${name} rewrites every row of ${tableKey(definition.table)}${rows}`,
          help,
          offset: statementOffset(context, culprit.location),
          target,
          ...(volatile === undefined && !isLargeTable(context, definition.table)
            ? { severity: 'warning' as const }
            : {}),
        });
      }
    }
    return violations;
  },
};
