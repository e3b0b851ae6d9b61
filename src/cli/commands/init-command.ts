import { resolve } from 'node:path';
import type { Command } from 'commander';
import { initProject } from '../../config/init-project.js';
import type { CommandRegistrar } from '../command-registrar.js';

export const registerInitCommand: CommandRegistrar = (program: Command, run) => {
  program
    .command('init')
    .description('scaffold a dbward project (config, migrations, seeds) in a directory')
    .argument('[dir]', 'directory to scaffold', '.')
    .option('-s, --service <name...>', 'services to create (default: app)')
    .action(
      run(async (context, [dir, flags]) => {
        const target = resolve(context.options.cwd ?? process.cwd(), String(dir));
        const services = (flags as { service?: string[] }).service;
        const result = await initProject(target, { services });
        if (context.options.format === 'json') {
          context.printJson({ directory: target, created: result.created, notes: result.notes });
        } else {
          context.print(`Created in ${target}:`);
          for (const path of result.created) context.print(`  ${path}`);
          for (const note of result.notes) context.print(note);
          context.print('Next: write a migration, then `dbward review` and `dbward up`.');
        }
        return 0;
      }),
    );
};
