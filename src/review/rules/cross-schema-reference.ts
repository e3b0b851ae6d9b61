import type { Node } from 'libpg-query';
import { type SchemaReference, schemaReferences } from '../ast/schema-references.js';
import { statementOffset } from '../ast/statement-offset.js';
import { qualifiedNameOffset } from '../ast/statement-tokens.js';
import type { Rule, RuleViolation, StatementContext } from '../rule.js';

// Schemas every service may name: the system catalogs.
const SYSTEM_SCHEMAS = new Set(['pg_catalog', 'information_schema', 'pg_temp', 'pg_toast']);
// Extensions install their functions and types in public; naming those is not another service's data.
const SHARED_ROUTINE_SCHEMAS = new Set(['public']);

/** isOwnArchive allows the service's own backups (`archive.<service>__<table>__<date>` from `dbward backup`). */
function isOwnArchive(context: StatementContext, schema: string, name: string | null): boolean {
  return schema === 'archive' && name !== null && name.startsWith(`${context.service.name}__`);
}

/** An extension a statement installs in a schema (`CREATE EXTENSION ... SCHEMA s`) or moves to one. */
interface ExtensionPlacement {
  extension: string;
  verb: 'installs' | 'moves';
}

function extensionPlacement(ast: Node): ExtensionPlacement | null {
  if ('CreateExtensionStmt' in ast && ast.CreateExtensionStmt.extname !== undefined)
    return { extension: ast.CreateExtensionStmt.extname, verb: 'installs' };
  if ('AlterObjectSchemaStmt' in ast && ast.AlterObjectSchemaStmt.objectType === 'OBJECT_EXTENSION') {
    const object = ast.AlterObjectSchemaStmt.object;
    const name = object !== undefined && 'String' in object ? object.String.sval : undefined;
    if (name !== undefined) return { extension: name, verb: 'moves' };
  }
  return null;
}

/**
 * referenceOffset is the caret's place for a reference: the parser's location when it gave one,
 * else where the name is written (a trigger's `EXECUTE FUNCTION other.fn()`, `DROP TABLE other.t`).
 */
function referenceOffset(context: StatementContext, reference: SchemaReference): number {
  if (reference.location !== undefined) return statementOffset(context, reference.location);
  const parts = reference.name === null ? [reference.schema] : [reference.schema, reference.name];
  return qualifiedNameOffset(context.statement, parts) ?? 0;
}

/**
 * cross-schema-reference: a service's migration must touch only its own schema. Reading or
 * writing another service's tables couples the two deployments and bypasses that service's API.
 */
export const crossSchemaReference: Rule = {
  id: 'cross-schema-reference',
  defaultSeverity: 'error',
  summary: "DDL or DML in a service's migration that names another service's (or any other) schema",
  sections: ['up', 'down'],
  checkStatement(context) {
    const own = context.service.schema;
    const seen = new Set<string>();
    const violations: RuleViolation[] = [];
    const placement = extensionPlacement(context.statement.ast);
    for (const reference of schemaReferences(context.statement.ast, { skipForeignKeyTargets: true })) {
      const { schema, name, kind } = reference;
      if (schema === own || SYSTEM_SCHEMAS.has(schema)) continue;
      // The schema named by CREATE EXTENSION ... SCHEMA / ALTER EXTENSION ... SET SCHEMA.
      const extension = name === null ? placement : null;
      if ((kind === 'routine' || extension !== null) && SHARED_ROUTINE_SCHEMAS.has(schema)) continue;
      if (isOwnArchive(context, schema, name)) continue;
      const target = name === null ? schema : `${schema}.${name}`;
      if (seen.has(target)) continue;
      seen.add(target);
      const owner = context.services.find((service) => service.schema === schema);
      const what = {
        relation: `table ${target}`,
        routine: `function or type ${target}`,
        schema: `schema ${schema}`,
      }[kind];
      const whose = owner === undefined ? `outside its schema ${own}` : `owned by service ${owner.name}`;
      const does =
        extension === null
          ? `names ${what}`
          : `${extension.verb} extension ${extension.extension} ${extension.verb === 'installs' ? 'in' : 'to'} schema ${schema}`;
      violations.push({
        message: `a migration of service ${context.service.name} ${does}, ${whose}`,
        help: referenceHelp(context, owner?.name ?? null, extension?.extension ?? null),
        offset: referenceOffset(context, reference),
        target,
      });
    }
    return violations;
  },
};

function referenceHelp(context: StatementContext, owner: string | null, extension: string | null): string {
  const { name, schema } = context.service;
  if (extension !== null)
    return `Install extension ${extension} in schema ${schema}, or in public to share it between services${owner === null ? '' : `; if service ${owner} needs it in its schema, install it from the migrations of service ${owner}`}.`;
  return owner === null
    ? `Keep ${name}'s migrations inside schema ${schema}; shared objects belong to a migration of the service that owns them.`
    : `Ask service ${owner} for the data through its API, or move this change into the migrations of service ${owner}.`;
}
