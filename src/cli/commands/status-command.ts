import type { Command } from 'commander';
import type { CommandRegistrar } from '../command-registrar.js';

export const registerStatusCommand: CommandRegistrar = (program: Command, run) => {
  program
    .command('status')
    .description(
      'per service: applied, pending, current id, and problems (integrity, INVALID indexes, other tools)',
    )
    .argument('[services...]', 'services to report (default: all)')
    .action(
      run(async (context, [services]) => {
        // Loaded when the command runs, not when the CLI starts (every command is registered at start).
        const { migrationStatus } = await import('../../migrations/migration-status.js');
        const { withDatabase } = await import('../../migrations/with-database.js');
        const config = await context.loadConfig();
        return withDatabase(
          config,
          async (db) => {
            const status = await migrationStatus(config, db, { services: services as string[] });
            if (context.options.format === 'json') {
              context.printJson(status);
              return status.ok ? 0 : 1;
            }
            const { paint } = context;
            for (const service of status.services) {
              const current = service.currentId === null ? 'nothing applied' : `current ${service.currentId}`;
              const schema = service.schema === service.service ? '' : ` (schema ${service.schema})`;
              const state =
                service.problems.length > 0
                  ? paint.red('problems')
                  : service.pending.length > 0
                    ? paint.yellow('pending')
                    : paint.green('up to date');
              context.print(
                `${service.service}${schema}: ${state}, ${service.applied} applied, ${current}, ${service.pending.length} pending`,
              );
              for (const pending of service.pending) context.print(`  pending  ${pending.file}`);
              for (const foreign of service.foreignHistory) {
                context.print(
                  `  note     ${foreign.table} found: managed by ${foreign.tool} (version ${foreign.version ?? 'unknown'}); adopt it with \`dbward baseline ${service.service} --to <id>\``,
                );
              }
              for (const note of service.notes) context.print(`  note     ${note.message}`);
              for (const problem of service.problems)
                context.print(`  ${paint.red('problem')}  ${problem.message}`);
            }
            return status.ok ? 0 : 1;
          },
          { readOnly: true },
        );
      }),
    );
};
