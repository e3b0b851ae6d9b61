import type { AlterTableCmd } from 'libpg-query';
import type { StatementContext } from '../rule.js';
import { perStatement } from './per-statement.js';
import { type QualifiedName, qualifiedName } from './qualified-name.js';

export interface AlterTableCommands {
  table: QualifiedName;
  commands: AlterTableCmd[];
}

/** alterTableCommands returns the table and subcommands of an `ALTER TABLE`, or null for any other statement. */
export const alterTableCommands = perStatement(alterTableCommandsUncached);

function alterTableCommandsUncached(context: StatementContext): AlterTableCommands | null {
  const ast = context.statement.ast;
  if (!('AlterTableStmt' in ast)) return null;
  const statement = ast.AlterTableStmt;
  if (statement.objtype !== undefined && statement.objtype !== 'OBJECT_TABLE') return null;
  const table = qualifiedName(statement.relation, context);
  if (table === null) return null;
  const commands: AlterTableCmd[] = [];
  for (const node of statement.cmds ?? []) if ('AlterTableCmd' in node) commands.push(node.AlterTableCmd);
  return { table, commands };
}
