import type { Command } from 'commander';
import type { CommandRegistrar } from '../command-registrar.js';

export const registerBackupCommand: CommandRegistrar = (program: Command, run) => {
  program
    .command('backup')
    .description('copy a table (or some columns with the primary key) into the archive schema before a DROP')
    .argument('<service>', 'service that owns the table')
    .argument('<table>', 'table to copy')
    .option('--columns <list>', 'comma-separated columns to copy (the primary key is always added)')
    .action(
      run(async (context, [service, table, flags]) => {
        // Loaded when the command runs, not when the CLI starts (every command is registered at start).
        const { openDb } = await import('../../db/open-db.js');
        const { backupTable } = await import('../../review/backup-table.js');
        const config = await context.loadConfig();
        const list = (flags as { columns?: string }).columns;
        const columns = list
          ?.split(',')
          .map((c) => c.trim())
          .filter((c) => c !== '');
        const db = await openDb(config.database);
        try {
          const result = await backupTable(config, db, {
            service: String(service),
            table: String(table),
            columns,
          });
          if (context.options.format === 'json') {
            context.printJson(result);
            return 0;
          }
          context.print(
            `Copied ${result.rows} row${result.rows === 1 ? '' : 's'} of ${result.source} to ${result.archiveTable}`,
          );
          context.print('Paste this line before the DROP in the migration:');
          context.print(`  ${result.directive}`);
          return 0;
        } finally {
          await db.close();
        }
      }),
    );
};
