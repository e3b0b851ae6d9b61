import type { Node } from 'libpg-query';
import { columnDefinitions } from '../ast/column-definitions.js';
import { isExistingTable, isLargeTable, rowsNote } from '../ast/existing-table.js';
import { tableKey } from '../ast/qualified-name.js';
import { statementOffset } from '../ast/statement-offset.js';
import { stringValues } from '../ast/string-values.js';
import { readTypeName } from '../ast/type-name.js';
import type { Rule, RuleViolation, StatementContext } from '../rule.js';

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
  // Sequence functions are volatile (provolatile 'v'): nextval, and currval, lastval, setval too.
  'nextval',
  'currval',
  'lastval',
  'setval',
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

interface DomainDefault {
  name: string;
  expression: Node | undefined;
}

/**
 * domainDefault finds the default of the domain `type` names as set by earlier statements of the
 * section (CREATE DOMAIN ... DEFAULT, ALTER DOMAIN ... SET / DROP DEFAULT); null when none did.
 * The schema model has no domains, so a domain created before the migration is not seen.
 */
function domainDefault(
  context: StatementContext,
  type: { schema: string | null; name: string },
): DomainDefault | null {
  const schema = context.resolveSchema(type.schema);
  const named = (names: Node[] | undefined): boolean => {
    const parts = stringValues(names);
    return (
      parts.at(-1) === type.name &&
      context.resolveSchema(parts.length > 1 ? parts.at(-2) : undefined) === schema
    );
  };
  let found: DomainDefault | null = null;
  for (const statement of (context.file[context.section]?.statements ?? []).slice(0, context.index)) {
    const ast = statement.ast;
    if ('CreateDomainStmt' in ast && named(ast.CreateDomainStmt.domainname)) {
      const constraint = (ast.CreateDomainStmt.constraints ?? []).find(
        (node) => 'Constraint' in node && node.Constraint.contype === 'CONSTR_DEFAULT',
      );
      found =
        constraint !== undefined && 'Constraint' in constraint
          ? { name: type.name, expression: constraint.Constraint.raw_expr }
          : null;
    } else if (
      'AlterDomainStmt' in ast &&
      ast.AlterDomainStmt.subtype === 'T' &&
      named(ast.AlterDomainStmt.typeName)
    ) {
      found =
        ast.AlterDomainStmt.def === undefined
          ? null
          : { name: type.name, expression: ast.AlterDomainStmt.def };
    } else if ('DropStmt' in ast && ast.DropStmt.removeType === 'OBJECT_DOMAIN') {
      for (const object of ast.DropStmt.objects ?? [])
        if ('TypeName' in object && named(object.TypeName.names)) found = null;
    }
  }
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
      // A column without its own DEFAULT takes its domain's: a volatile one is computed per row too.
      const ownDefaults = definition.constraints.filter((c) => c.contype === 'CONSTR_DEFAULT');
      const domain =
        ownDefaults.length === 0 ? domainDefault(context, readTypeName(definition.column.typeName)) : null;
      const defaults: { expression: Node | undefined; of: string }[] =
        domain === null
          ? ownDefaults.map((c) => ({ expression: c.raw_expr, of: '' }))
          : [{ expression: domain.expression, of: ` of the domain ${domain.name}` }];
      for (const { expression, of } of defaults) {
        const calls = calledFunctions(expression);
        const volatile = calls.find((call) => VOLATILE.has(call.name));
        const unknown = calls.find((call) => !VOLATILE.has(call.name) && !NOT_VOLATILE.has(call.name));
        const culprit = volatile ?? unknown;
        if (culprit === undefined) continue;
        violations.push({
          message:
            volatile !== undefined
              ? `the default ${culprit.name}()${of} is volatile: adding ${name} rewrites every row of ${tableKey(definition.table)} under an ACCESS EXCLUSIVE lock${rows}`
              : `dbward cannot tell whether the default ${culprit.name}()${of} is volatile; if it is, adding ${name} rewrites every row of ${tableKey(definition.table)}${rows}`,
          help:
            of === ''
              ? help
              : `A column of the domain ${domain?.name} without a DEFAULT of its own takes the domain's, computed per row. Add the column with a constant DEFAULT (it overrides the domain's; no rewrite), then ALTER COLUMN ... DROP DEFAULT so new rows get the domain's default, and backfill existing rows in batches.`,
          // A domain's default is written in CREATE DOMAIN: point at the column's type instead.
          offset: statementOffset(
            context,
            of === '' ? culprit.location : definition.column.typeName?.location,
          ),
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
