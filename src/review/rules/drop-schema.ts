import { stringValues } from '../ast/string-values.js';
import type { Rule, RuleViolation } from '../rule.js';

/** createdSchemas lists schemas created by earlier statements of the same section. */
function createdSchemas(context: Parameters<NonNullable<Rule['checkStatement']>>[0]): Set<string> {
  const created = new Set<string>();
  const statements = context.file[context.section]?.statements ?? [];
  for (const statement of statements.slice(0, context.index)) {
    const ast = statement.ast;
    if ('CreateSchemaStmt' in ast && ast.CreateSchemaStmt.schemaname !== undefined)
      created.add(ast.CreateSchemaStmt.schemaname);
  }
  return created;
}

/** drop-schema: every table, view, function and row of the schema is gone at once. */
export const dropSchema: Rule = {
  id: 'drop-schema',
  defaultSeverity: 'error',
  summary: 'DROP SCHEMA (removes every object and row in it)',
  checkStatement(context) {
    const ast = context.statement.ast;
    if (!('DropStmt' in ast) || ast.DropStmt.removeType !== 'OBJECT_SCHEMA') return [];
    const created = createdSchemas(context);
    const violations: RuleViolation[] = [];
    for (const schema of stringValues(ast.DropStmt.objects)) {
      if (created.has(schema)) continue;
      const own = schema === context.service.schema;
      violations.push({
        message: `DROP SCHEMA ${schema}${ast.DropStmt.behavior === 'DROP_CASCADE' ? ' CASCADE' : ''} removes ${own ? "the service's whole schema" : 'a whole schema'}: every table and row in it${own ? ', and the migration history with it' : ''}`,
        help: 'Drop the objects one by one in reviewed migrations (each backed up), or retire the service with an explicit, backed-up runbook rather than a migration.',
        target: schema,
      });
    }
    return violations;
  },
};
