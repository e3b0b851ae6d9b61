import { alterTableCommands } from '../ast/alter-table-commands.js';
import { isExistingTable, rowsNote } from '../ast/existing-table.js';
import { tableKey } from '../ast/qualified-name.js';
import { alterCommandOffset } from '../ast/statement-tokens.js';
import type { Rule, RuleViolation } from '../rule.js';

/** What each subcommand does to the table's files, and the safe way to get the same result. */
const REWRITES: Partial<Record<string, { does: string; help: string }>> = {
  AT_SetLogged: {
    does: 'SET LOGGED rewrites the whole table, writing all of it to the WAL,',
    help: 'Create the table LOGGED from the start; to turn a large unlogged table into a logged one online, create a logged copy, fill it in batches (or with logical replication) and swap names in a short migration.',
  },
  AT_SetUnLogged: {
    does: 'SET UNLOGGED rewrites the whole table',
    help: 'An unlogged table is emptied after a crash and is not replicated: usually the wrong trade for data that was logged. For scratch data, create a new UNLOGGED table instead of converting a live one.',
  },
  AT_SetTableSpace: {
    does: 'SET TABLESPACE copies every file of the table to the new tablespace',
    help: 'Move large tables between tablespaces online with pg_repack --tablespace, outside migrations, or create new tables in the right tablespace from the start.',
  },
  AT_SetAccessMethod: {
    does: 'SET ACCESS METHOD rewrites the whole table into the new access method',
    help: 'Create a new table with the access method, fill it in batches, and swap names in a short migration; or run the conversion in a maintenance window.',
  },
};

/**
 * table-rewrite: ALTER TABLE subcommands that rewrite or copy the whole table while holding an
 * ACCESS EXCLUSIVE lock (checked on PostgreSQL 15: "rewriting table"), blocking every read and
 * write for as long as that takes.
 */
export const tableRewrite: Rule = {
  id: 'table-rewrite',
  defaultSeverity: 'error',
  summary:
    'ALTER TABLE ... SET LOGGED, SET UNLOGGED, SET TABLESPACE or SET ACCESS METHOD on an existing table (rewrites or copies it under an exclusive lock)',
  checkStatement(context) {
    const alter = alterTableCommands(context);
    if (alter === null || !isExistingTable(context, alter.table)) return [];
    const violations: RuleViolation[] = [];
    for (const command of alter.commands) {
      const rewrite = REWRITES[command.subtype ?? ''];
      // Tables use heap unless made otherwise, and setting the access method they have is a no-op.
      if (rewrite === undefined || (command.subtype === 'AT_SetAccessMethod' && command.name === 'heap'))
        continue;
      violations.push({
        message: `${rewrite.does} ${tableKey(alter.table)}${rowsNote(context, alter.table)} while holding an ACCESS EXCLUSIVE lock: no reads or writes until it finishes`,
        help: rewrite.help,
        target: tableKey(alter.table),
        offset: alterCommandOffset(context, command),
      });
    }
    return violations;
  },
};
