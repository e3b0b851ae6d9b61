import { qualifiedName, tableKey } from '../ast/qualified-name.js';
import { TEMP_SCHEMA } from '../ast/temporary-tables.js';
import type { Rule } from '../rule.js';

/** cluster: rewrites the table in index order under an ACCESS EXCLUSIVE lock. */
export const cluster: Rule = {
  id: 'cluster',
  defaultSeverity: 'error',
  summary: 'CLUSTER (rewrites the table under an exclusive lock)',
  sections: ['up', 'down'],
  checkStatement(context) {
    const ast = context.statement.ast;
    if (!('ClusterStmt' in ast)) return [];
    const relation = qualifiedName(ast.ClusterStmt.relation, context);
    // A temporary table lives only as long as the migration's session: nobody waits for it.
    if (relation?.schema === TEMP_SCHEMA) return [];
    return [
      {
        message: `CLUSTER${relation === null ? '' : ` ${relation.name}`} rewrites the table in index order under an ACCESS EXCLUSIVE lock: no reads or writes until it finishes`,
        help: 'Use pg_repack --order-by to reorder a table online, outside migrations; the order decays with new writes anyway.',
        ...(relation === null ? {} : { target: tableKey(relation) }),
      },
    ];
  },
};
