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
    const table = ast.ClusterStmt.relation?.relname;
    return [
      {
        message: `CLUSTER${table === undefined ? '' : ` ${table}`} rewrites the table in index order under an ACCESS EXCLUSIVE lock: no reads or writes until it finishes`,
        help: 'Use pg_repack --order-by to reorder a table online, outside migrations; the order decays with new writes anyway.',
        ...(table === undefined
          ? {}
          : { target: `${context.resolveSchema(ast.ClusterStmt.relation?.schemaname)}.${table}` }),
      },
    ];
  },
};
