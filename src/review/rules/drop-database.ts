import type { Rule } from '../rule.js';

/** drop-database: a service migration must never remove the database every service shares. */
export const dropDatabase: Rule = {
  id: 'drop-database',
  defaultSeverity: 'error',
  summary: 'DROP DATABASE (removes every service schema at once)',
  sections: ['up', 'down'],
  checkStatement(context) {
    const ast = context.statement.ast;
    if (!('DropdbStmt' in ast)) return [];
    const name = ast.DropdbStmt.dbname ?? '';
    return [
      {
        message: `DROP DATABASE ${name} removes the database with every service's schema and data`,
        help: 'Databases are created and removed by operations tooling, never by a service migration.',
        target: name,
      },
    ];
  },
};
