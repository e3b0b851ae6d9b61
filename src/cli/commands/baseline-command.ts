import type { Command } from 'commander';
import type { CommandRegistrar } from '../command-registrar.js';

export const registerBaselineCommand: CommandRegistrar = (program: Command, run) => {
  program
    .command('baseline')
    .description('record migrations as applied without running them, to adopt an existing database')
    .argument('<service>', 'the service whose schema already exists')
    .requiredOption('--to <id>', 'record every migration up to and including this id')
    .action(
      run(async (context, [service, flags]) => {
        // Loaded when the command runs, not when the CLI starts (every command is registered at start).
        const { baselineMigrations } = await import('../../migrations/baseline-migrations.js');
        const { parseMigrationId } = await import('../../migrations/parse-migration-id.js');
        const { withDatabase } = await import('../../migrations/with-database.js');
        const config = await context.loadConfig();
        const to = parseMigrationId(String((flags as { to: string }).to), 'baseline --to');
        return withDatabase(config, async (db) => {
          const result = await baselineMigrations(config, db, { service: String(service), to });
          if (context.options.format === 'json') context.printJson(result);
          for (const problem of result.problems)
            context.io.stderr(`${context.paint.red('error:')} ${problem.message}\n`);
          if (result.problems.length > 0) {
            context.io.stderr('nothing recorded: fix the files first\n');
            return 1;
          }
          if (context.options.format === 'json') return 0;
          for (const ref of result.recorded) context.print(`recorded    ${ref.file} (not run)`);
          context.print(
            `baseline ${result.service}: ${result.recorded.length} migration(s) recorded as applied up to ${to}${result.alreadyApplied.length > 0 ? `, ${result.alreadyApplied.length} already applied` : ''}`,
          );
          return 0;
        });
      }),
    );
};
