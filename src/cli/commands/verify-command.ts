import type { Command } from 'commander';
import type { CommandRegistrar } from '../command-registrar.js';

export const registerVerifyCommand: CommandRegistrar = (program: Command, run) => {
  program
    .command('verify')
    .description(
      'check migration files against the history (what up and down check first) and find INVALID indexes',
    )
    .argument('[services...]', 'services to check (default: all)')
    .option('--allow-out-of-order', 'do not report pending migrations older than the newest applied one')
    .action(
      run(async (context, [services, flags]) => {
        // Loaded when the command runs, not when the CLI starts (every command is registered at start).
        const { verifyMigrations } = await import('../../migrations/verify-migrations.js');
        const { withDatabase } = await import('../../migrations/with-database.js');
        const config = await context.loadConfig();
        return withDatabase(
          config,
          async (db) => {
            const result = await verifyMigrations(config, db, {
              services: services as string[],
              ...((flags as { allowOutOfOrder?: boolean }).allowOutOfOrder ? { allowOutOfOrder: true } : {}),
            });
            if (context.options.format === 'json') {
              context.printJson(result);
              return result.ok ? 0 : 1;
            }
            for (const note of result.notes) context.warn(note.message);
            for (const problem of result.problems) {
              context.print(`${context.paint.red('error:')} [${problem.code}] ${problem.message}`);
            }
            const applied = result.services.reduce((total, service) => total + service.applied, 0);
            const pending = result.services.reduce((total, service) => total + service.pending, 0);
            const summary = `${result.services.length} service(s), ${applied} applied, ${pending} pending`;
            context.print(
              result.ok ? `ok: ${summary}, no problems` : `${result.problems.length} problem(s): ${summary}`,
            );
            return result.ok ? 0 : 1;
          },
          { readOnly: true },
        );
      }),
    );
};
