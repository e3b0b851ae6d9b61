import { schemaReferences } from '../ast/schema-references.js';
import { statementOffset } from '../ast/statement-offset.js';
import type { Rule, RuleViolation, StatementContext } from '../rule.js';

// Schemas every service may name: the system catalogs.
const SYSTEM_SCHEMAS = new Set(['pg_catalog', 'information_schema', 'pg_temp', 'pg_toast']);
// Extensions install their functions and types in public; naming those is not another service's data.
const SHARED_ROUTINE_SCHEMAS = new Set(['public']);

/** isOwnArchive allows the service's own backups (`archive.<service>__<table>__<date>` from `dbward backup`). */
function isOwnArchive(context: StatementContext, schema: string, name: string | null): boolean {
  return schema === 'archive' && name !== null && name.startsWith(`${context.service.name}__`);
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
    for (const reference of schemaReferences(context.statement.ast, { skipForeignKeyTargets: true })) {
      const { schema, name, kind } = reference;
      if (schema === own || SYSTEM_SCHEMAS.has(schema)) continue;
      if (kind === 'routine' && SHARED_ROUTINE_SCHEMAS.has(schema)) continue;
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
      violations.push({
        message: `a migration of service ${context.service.name} names ${what}, ${whose}`,
        help:
          owner === undefined
            ? `Keep ${context.service.name}'s migrations inside schema ${own}; shared objects belong to a migration of the service that owns them.`
            : `Ask service ${owner.name} for the data through its API, or move this change into the migrations of service ${owner.name}.`,
        offset: statementOffset(context, reference.location),
        target,
      });
    }
    return violations;
  },
};
