import type { Command } from 'commander';
import type { CommandRegistrar } from '../command-registrar.js';

export const registerHistoryCommand: CommandRegistrar = (program: Command, run) => {
  program
    .command('history')
    .description('the applied migrations of each service: id, name, applied at, duration, by whom')
    .argument('[services...]', 'services to list (default: all)')
    .action(
      run(async (context, [services]) => {
        // Loaded when the command runs, not when the CLI starts (every command is registered at start).
        const { migrationHistory } = await import('../../migrations/migration-history.js');
        const { formatDuration } = await import('../../migrations/migration-progress.js');
        const { withDatabase } = await import('../../migrations/with-database.js');
        const config = await context.loadConfig();
        return withDatabase(
          config,
          async (db) => {
            const histories = await migrationHistory(config, db, { services: services as string[] });
            if (context.options.format === 'json') {
              context.printJson({ services: histories });
              return 0;
            }
            for (const history of histories) {
              context.print(
                `${history.service} (schema ${history.schema}): ${history.migrations.length} applied`,
              );
              for (const row of history.migrations) {
                const extra = [
                  row.kind === 'baseline' ? 'baseline' : null,
                  row.forcedReason === null ? null : `forced: ${row.forcedReason}`,
                ].filter((part) => part !== null);
                context.print(
                  `  ${String(row.id).padStart(4, '0')}  ${row.name}  ${row.appliedAt.toISOString()}  ${formatDuration(row.durationMs)}  ${row.appliedBy}${extra.length > 0 ? `  (${extra.join('; ')})` : ''}`,
                );
              }
            }
            return 0;
          },
          { readOnly: true },
        );
      }),
    );
};
