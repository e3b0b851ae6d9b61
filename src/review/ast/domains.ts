import type { Constraint, Node } from 'libpg-query';
import type { StatementContext } from '../rule.js';
import { isPgCatalogType } from '../schema-model/column-type.js';
import { stringValues } from './string-values.js';
import { readTypeName, type WrittenType } from './type-name.js';

/** A domain as the statements of the section before this one left it. */
export interface Domain {
  schema: string;
  name: string;
  /** The type it is over, as written (possibly another domain). */
  base: WrittenType;
  /** Its DEFAULT expression, or undefined for none. */
  default: Node | undefined;
  /** Names of its CHECK constraints (PostgreSQL's generated `<domain>_check` when unnamed). */
  checks: string[];
  notNull: boolean;
}

/**
 * What a column's type is, for the rules that need to know whether a new value is checked:
 * - `domain`: a domain created earlier in this section; `constrained` says whether it (or a
 *   domain it is over) has a CHECK or NOT NULL constraint, null when a domain it is over is
 *   one dbward does not know;
 * - `unknown`: a type of a service schema the section did not create and that is not an enum
 *   of the schema before: maybe a domain from an earlier migration (the schema model has no
 *   domains), maybe a composite or an extension's type;
 * - `plain`: a built-in type, an enum, or a type created as something else than a domain.
 */
export type TypeKind =
  | { kind: 'domain'; domain: Domain; constrained: boolean | null }
  | { kind: 'unknown'; schema: string; name: string }
  | { kind: 'plain' };

// readTypeName's names for the serial pseudo-types (integers with a sequence default).
const SERIAL_TYPES = new Set(['serial', 'bigserial', 'smallserial']);

type Scope = Pick<StatementContext, 'resolveSchema' | 'file' | 'section' | 'index' | 'before' | 'services'>;

/** domainsAt lists the domains the statements before this one created, by `schema.name`. */
export function domainsAt(context: Scope): Map<string, Domain> {
  const domains = new Map<string, Domain>();
  const key = (names: string[]): string =>
    `${context.resolveSchema(names.length > 1 ? names.at(-2) : undefined)}.${names.at(-1) ?? ''}`;
  for (const statement of (context.file[context.section]?.statements ?? []).slice(0, context.index)) {
    const ast = statement.ast;
    if ('CreateDomainStmt' in ast) {
      const names = stringValues(ast.CreateDomainStmt.domainname);
      const name = names.at(-1) ?? '';
      const domain: Domain = {
        schema: context.resolveSchema(names.length > 1 ? names.at(-2) : undefined),
        name,
        base: readTypeName(ast.CreateDomainStmt.typeName),
        default: undefined,
        checks: [],
        notNull: false,
      };
      for (const node of ast.CreateDomainStmt.constraints ?? [])
        if ('Constraint' in node) addConstraint(domain, node.Constraint);
      domains.set(key(names), domain);
    } else if ('AlterDomainStmt' in ast) {
      const alter = ast.AlterDomainStmt;
      const domain = domains.get(key(stringValues(alter.typeName)));
      if (domain === undefined) continue;
      if (alter.subtype === 'T') domain.default = alter.def;
      else if (alter.subtype === 'O') domain.notNull = true;
      else if (alter.subtype === 'N') domain.notNull = false;
      else if (alter.subtype === 'C' && alter.def !== undefined && 'Constraint' in alter.def)
        addConstraint(domain, alter.def.Constraint);
      else if (alter.subtype === 'X') domain.checks = domain.checks.filter((check) => check !== alter.name);
    } else if (
      'DropStmt' in ast &&
      (ast.DropStmt.removeType === 'OBJECT_DOMAIN' || ast.DropStmt.removeType === 'OBJECT_TYPE')
    ) {
      for (const object of ast.DropStmt.objects ?? [])
        if ('TypeName' in object) domains.delete(key(stringValues(object.TypeName.names)));
    } else if ('RenameStmt' in ast && ast.RenameStmt.renameType === 'OBJECT_DOMAIN') {
      const object = ast.RenameStmt.object;
      const names = object !== undefined && 'List' in object ? stringValues(object.List.items) : [];
      const domain = domains.get(key(names));
      if (domain === undefined || ast.RenameStmt.newname === undefined) continue;
      domains.delete(key(names));
      domains.set(`${domain.schema}.${ast.RenameStmt.newname}`, { ...domain, name: ast.RenameStmt.newname });
    }
  }
  return domains;
}

function addConstraint(domain: Domain, constraint: Constraint): void {
  if (constraint.contype === 'CONSTR_DEFAULT') domain.default = constraint.raw_expr;
  else if (constraint.contype === 'CONSTR_NOTNULL') domain.notNull = true;
  else if (constraint.contype === 'CONSTR_CHECK')
    domain.checks.push(constraint.conname ?? `${domain.name}_check`);
}

/** typeKind tells what a written column type is at this statement (see TypeKind). */
export function typeKind(context: Scope, type: WrittenType): TypeKind {
  return kindOf(context, domainsAt(context), type, new Set());
}

function kindOf(
  context: Scope,
  domains: Map<string, Domain>,
  type: WrittenType,
  seen: Set<string>,
): TypeKind {
  // pg_catalog is searched first: an unqualified built-in name is the built-in type.
  if (type.schema === null && (isPgCatalogType(type.name) || SERIAL_TYPES.has(type.name)))
    return { kind: 'plain' };
  const schema = context.resolveSchema(type.schema);
  const key = `${schema}.${type.name}`;
  const domain = domains.get(key);
  if (domain !== undefined) {
    if (domain.checks.length > 0 || domain.notNull) return { kind: 'domain', domain, constrained: true };
    if (seen.has(key)) return { kind: 'domain', domain, constrained: false };
    seen.add(key);
    const base = kindOf(context, domains, domain.base, seen);
    const constrained = base.kind === 'domain' ? base.constrained : base.kind === 'unknown' ? null : false;
    return { kind: 'domain', domain, constrained };
  }
  if (!context.services.some((service) => service.schema === schema)) return { kind: 'plain' };
  if (context.before.schemas.find((s) => s.name === schema)?.enums.some((e) => e.name === type.name))
    return { kind: 'plain' };
  if (createdAsOtherType(context, key)) return { kind: 'plain' };
  return { kind: 'unknown', schema, name: type.name };
}

/** createdAsOtherType: an enum, composite, range or base type the section created earlier. */
function createdAsOtherType(context: Scope, key: string): boolean {
  const keyOf = (names: string[]): string =>
    `${context.resolveSchema(names.length > 1 ? names.at(-2) : undefined)}.${names.at(-1) ?? ''}`;
  for (const statement of (context.file[context.section]?.statements ?? []).slice(0, context.index)) {
    const ast = statement.ast;
    if ('CreateEnumStmt' in ast && keyOf(stringValues(ast.CreateEnumStmt.typeName)) === key) return true;
    if ('CreateRangeStmt' in ast && keyOf(stringValues(ast.CreateRangeStmt.typeName)) === key) return true;
    if (
      'DefineStmt' in ast &&
      ast.DefineStmt.kind === 'OBJECT_TYPE' &&
      keyOf(stringValues(ast.DefineStmt.defnames)) === key
    )
      return true;
    if ('CompositeTypeStmt' in ast) {
      const type = ast.CompositeTypeStmt.typevar;
      if (type?.relname !== undefined && `${context.resolveSchema(type.schemaname)}.${type.relname}` === key)
        return true;
    }
  }
  return false;
}

/**
 * domainBaseType is the type a domain created earlier in the section stands for, following
 * domains over domains: its values are values of that type, so a change from the domain, or to a
 * domain without constraints (binary-coercible to and from its base), is judged as one from or to
 * the base type. With `unconstrainedOnly`, null for a domain with constraints (converting to it
 * checks every value). Null too for anything that is not such a domain.
 */
export function domainBaseType(
  context: Scope,
  type: WrittenType,
  { unconstrainedOnly }: { unconstrainedOnly: boolean },
): WrittenType | null {
  const domains = domainsAt(context);
  let current = type;
  let found = false;
  for (let depth = 0; depth < 16; depth++) {
    if (current.schema === null && isPgCatalogType(current.name)) break;
    const domain = domains.get(`${context.resolveSchema(current.schema)}.${current.name}`);
    if (domain === undefined) return null;
    if (unconstrainedOnly && (domain.checks.length > 0 || domain.notNull)) return null;
    found = true;
    current = domain.base;
  }
  if (!found || current.isArray) return null;
  return { ...current, isArray: type.isArray };
}
