import type { Command } from 'commander';
import type { CommandRegistrar } from '../command-registrar.js';

export const registerNewCommand: CommandRegistrar = (program: Command, run) => {
  program
    .command('new')
    .description('write the next migration file of a service, with an up and a down section')
    .argument('<service>', 'the service the migration belongs to')
    .argument('<name...>', 'what it does, e.g. add users locale')
    .option('--ts', 'a TypeScript migration exporting up(db) and down(db)')
    .action(
      run(async (context, [service, nameWords, flags]) => {
        // Loaded when the command runs, not when the CLI starts (every command is registered at start).
        const { createMigrationFile } = await import('../../migrations/create-migration-file.js');
        const config = await context.loadConfig();
        const created = await createMigrationFile(
          config,
          String(service),
          (nameWords as string[]).join(' '),
          {
            format: (flags as { ts?: boolean }).ts ? 'ts' : 'sql',
          },
        );
        if (context.options.format === 'json') context.printJson(created);
        else context.print(`created ${created.path}`);
        return 0;
      }),
    );
};
