import type { Node } from 'libpg-query';
import { type ColumnDefinition, columnDefinitions, isSkippedColumn } from '../ast/column-definitions.js';
import { type TypeKind, typeKind } from '../ast/domains.js';
import { isExistingTable, isLargeTable, rowsNote } from '../ast/existing-table.js';
import { functionCalls } from '../ast/function-calls.js';
import { NON_VOLATILE_BUILTINS } from '../ast/non-volatile-builtins.js';
import { tableKey } from '../ast/qualified-name.js';
import { statementOffset } from '../ast/statement-offset.js';
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
const SEQUENCE_TYPES = new Set(['serial', 'bigserial', 'smallserial']);

interface CalledFunction {
  name: string;
  /** The schema written before the name, or null. */
  schema: string | null;
  location: number | undefined;
}

/**
 * isNonVolatileBuiltin: a stable or immutable built-in, unqualified (pg_catalog is searched
 * first) or in pg_catalog. A function of another schema may be anything.
 */
function isNonVolatileBuiltin(call: CalledFunction): boolean {
  return (call.schema === null || call.schema === 'pg_catalog') && NON_VOLATILE_BUILTINS.has(call.name);
}

/** calledFunctions lists the functions an expression calls, depth first. */
function calledFunctions(expression: Node | undefined): CalledFunction[] {
  return functionCalls(expression).map(({ names, location }) => ({
    name: (names.at(-1) ?? '').toLowerCase(),
    schema: names.length > 1 ? (names.at(-2) ?? null) : null,
    location,
  }));
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
    'ADD COLUMN with a volatile default (or serial, identity, stored generated, a domain with constraints) on an existing table (rewrites it)',
  checkStatement(context) {
    const violations: RuleViolation[] = [];
    for (const definition of columnDefinitions(context)) {
      if (!definition.added || !isExistingTable(context, definition.table)) continue;
      if (isSkippedColumn(context, definition)) continue;
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
      const written = readTypeName(definition.column.typeName);
      const kind = written.isArray ? ({ kind: 'plain' } as const) : typeKind(context, written);
      const domainDefault = kind.kind === 'domain' ? kind.domain.default : undefined;
      const domain =
        ownDefaults.length === 0 && kind.kind === 'domain' && domainDefault !== undefined
          ? { name: kind.domain.name, expression: domainDefault }
          : null;
      const defaults: { expression: Node | undefined; of: string }[] =
        domain === null
          ? ownDefaults.map((c) => ({ expression: c.raw_expr, of: '' }))
          : [{ expression: domain.expression, of: ` of the domain ${domain.name}` }];
      const flaggedBefore = violations.length;
      for (const { expression, of } of defaults) {
        const calls = calledFunctions(expression);
        const volatile = calls.find((call) => VOLATILE.has(call.name));
        const unknown = calls.find((call) => !VOLATILE.has(call.name) && !isNonVolatileBuiltin(call));
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
      // One rewrite is enough to report: a volatile default already says so.
      if (violations.length > flaggedBefore) continue;
      const checked = checkedDomainViolation(context, definition, kind, ownDefaults.length > 0);
      if (checked !== null) violations.push({ ...checked, target });
    }
    return violations;
  },
};

const DOMAIN_HELP =
  "Add the column as the domain's base type (a catalog-only change), put the domain's rule on the table as a CHECK constraint added NOT VALID and validated in a later statement (VALIDATE CONSTRAINT lets reads and writes go on), and switch to the domain only where a rewrite is acceptable; on a small table, acknowledge the rewrite.";

/**
 * checkedDomainViolation: ADD COLUMN of a domain with a CHECK or NOT NULL constraint (its own or
 * that of a domain it is over) makes PostgreSQL check the new value, default or NULL, on every
 * existing row: it rewrites the table (PostgreSQL 15 logs "rewriting table"), with or without a
 * DEFAULT. A domain without constraints adds the column in the catalog only.
 */
function checkedDomainViolation(
  context: StatementContext,
  definition: ColumnDefinition,
  kind: TypeKind,
  ownDefault: boolean,
): Omit<RuleViolation, 'target'> | null {
  const name = definition.column.colname ?? '';
  const table = tableKey(definition.table);
  const rows = rowsNote(context, definition.table);
  const offset = statementOffset(context, definition.column.typeName?.location ?? definition.column.location);
  if (kind.kind === 'unknown' || (kind.kind === 'domain' && kind.constrained === null)) {
    const type = kind.kind === 'unknown' ? kind.name : kind.domain.name;
    return {
      message: `dbward cannot tell whether ${type} is (or is over) a domain with CHECK or NOT NULL constraints; if it is, adding ${name} checks the value on every row of ${table}, rewriting it under an ACCESS EXCLUSIVE lock${rows}`,
      help: DOMAIN_HELP,
      offset,
      ...(isLargeTable(context, definition.table) ? {} : { severity: 'warning' as const }),
    };
  }
  if (kind.kind !== 'domain' || kind.constrained !== true) return null;
  const domain = kind.domain;
  const own = [
    ...(domain.checks.length > 0 ? ['a CHECK constraint'] : []),
    ...(domain.notNull ? ['NOT NULL'] : []),
  ].join(' and ');
  const what = own === '' ? 'is over a domain with constraints' : `has ${own}`;
  // No DEFAULT anywhere: every existing row gets NULL, which a NOT NULL domain refuses.
  const fails =
    domain.notNull && !ownDefault && domain.default === undefined
      ? `; with no DEFAULT it fails on a table with rows (NULL breaks the domain's NOT NULL)`
      : '';
  return {
    message: `ADD COLUMN ${name} ${domain.name}: the domain ${what}, so PostgreSQL checks the new value on every existing row of ${table}, rewriting the whole table under an ACCESS EXCLUSIVE lock${rows}${fails}`,
    help: DOMAIN_HELP,
    offset,
  };
}
