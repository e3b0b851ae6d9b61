import { qualifiedName, tableKey } from '../ast/qualified-name.js';
import { statementOffset } from '../ast/statement-offset.js';
import { addedConstraints } from '../ast/table-constraints.js';
import type { Rule, RuleViolation } from '../rule.js';

/**
 * cross-schema-foreign-key: a foreign key into another schema ties two services' databases
 * together: neither can be migrated, restored or split out on its own any more.
 */
export const crossSchemaForeignKey: Rule = {
  id: 'cross-schema-foreign-key',
  defaultSeverity: 'error',
  summary: "a foreign key that references a table in another schema (couples two services' data)",
  sections: ['up', 'down'],
  checkStatement(context) {
    const violations: RuleViolation[] = [];
    for (const added of addedConstraints(context)) {
      if (added.constraint.contype !== 'CONSTR_FOREIGN') continue;
      const referenced = qualifiedName(added.constraint.pktable, context);
      if (referenced === null || referenced.schema === context.service.schema) continue;
      const owner = context.services.find((service) => service.schema === referenced.schema);
      const whose = owner === undefined ? `schema ${referenced.schema}` : `service ${owner.name}`;
      violations.push({
        message: `foreign key from ${tableKey(added.table)} references ${tableKey(referenced)}, a table of ${whose}`,
        help: `Keep the referenced id as a plain column (with its own index) and check it through ${owner === undefined ? 'the owning service' : `the ${owner.name} service's API`}; consistency across services is the application's job, not a constraint's.`,
        offset: statementOffset(context, added.constraint.pktable?.location ?? added.constraint.location),
        target: tableKey(referenced),
      });
    }
    return violations;
  },
};
