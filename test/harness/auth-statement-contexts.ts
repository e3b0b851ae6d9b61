import type { Catalog } from '../../src/catalog/catalog-model.js';
import { parseMigrationText } from '../../src/migrations/parse-migration-file.js';
import type { MigrationContext, StatementContext } from '../../src/review/rule.js';
import { statementContexts } from '../../src/review/statement-contexts.js';

/**
 * authStatementContexts: what the rules see for each statement of a section of an `auth`
 * migration (`0003_x.sql`), given the schema before it (default: none). The parser must be loaded.
 */
export function authStatementContexts(
  text: string,
  section: 'up' | 'down' = 'up',
  before: Catalog = { serverVersion: '18', schemas: [] },
): StatementContext[] {
  const file = parseMigrationText(text, {
    path: 'migrations/auth/0003_x.sql',
    absolutePath: '/p/migrations/auth/0003_x.sql',
    fileName: '0003_x.sql',
  });
  const migration: MigrationContext = {
    file,
    service: { name: 'auth', schema: 'auth' },
    services: [{ name: 'auth', schema: 'auth' }],
    before,
    largeTableRows: 1000,
    liveRowEstimate: () => null,
  };
  return statementContexts(file, migration, section);
}
