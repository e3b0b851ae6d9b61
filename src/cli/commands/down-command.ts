import type { Command } from 'commander';
import { DbwardError } from '../../errors/dbward-error.js';
import type { CommandRegistrar } from '../command-registrar.js';

interface DownFlags {
  count?: string;
  to?: string;
  dryRun?: boolean;
}

export const registerDownCommand: CommandRegistrar = (program: Command, run) => {
  program
    .command('down')
    .description(
      'roll back the newest migrations of services with the down SQL stored when they were applied',
    )
    .argument(
      '[services...]',
      'services to roll back, undone in reverse config order (optional with one service)',
    )
    .option('-n, --count <n>', 'how many of the newest migrations to roll back per service (default 1)')
    .option('--to <id>', 'roll back every migration above this id (0: all of them)')
    .option('--dry-run', 'list what would be rolled back; change nothing')
    .action(
      run(async (context, [servicesArg, rawFlags]) => {
        // Loaded when the command runs, not when the CLI starts (every command is registered at start).
        const { describeMigrationProgress, formatDuration } = await import(
          '../../migrations/migration-progress.js'
        );
        const { parseMigrationCount, parseMigrationId } = await import(
          '../../migrations/parse-migration-id.js'
        );
        const { rollbackServices } = await import('../../migrations/rollback-services.js');
        const { withDatabase } = await import('../../migrations/with-database.js');
        const flags = rawFlags as DownFlags;
        const json = context.options.format === 'json';
        const config = await context.loadConfig();
        const named = servicesArg as string[];
        const only = config.services.length === 1 ? config.services[0]?.name : undefined;
        const services = named.length > 0 ? named : only === undefined ? [] : [only];
        if (services.length === 0) {
          throw new DbwardError(
            'bad-usage',
            `down: name the service(s) to roll back (services: ${config.services.map((s) => s.name).join(', ')})`,
            { exitCode: 2 },
          );
        }
        const options = {
          services,
          ...(flags.count === undefined ? {} : { count: parseMigrationCount(flags.count, 'down -n') }),
          ...(flags.to === undefined ? {} : { to: parseMigrationId(flags.to, 'down --to') }),
          dryRun: flags.dryRun === true,
        };
        return withDatabase(config, async (db) => {
          const result = await rollbackServices(config, db, {
            ...options,
            onProgress: (event) => {
              const line = describeMigrationProgress(event);
              if (event.kind === 'rolled-back' && !json) context.print(line);
              else if (event.kind === 'rolled-back') context.io.stderr(`${line}\n`);
              else context.warn(line);
            },
          });
          if (json) context.printJson(result);
          if (result.failure !== null) {
            const done = result.services.reduce((total, service) => total + service.rolledBack.length, 0);
            context.io.stderr(`${context.paint.red('error:')} ${result.failure.message}\n`);
            const failed =
              result.failure.statementsKept > 0
                ? `${result.failure.file} is still recorded as applied, partly rolled back`
                : `${result.failure.file} is still applied`;
            context.io.stderr(
              options.dryRun
                ? 'dry run: nothing changed; the rollback would stop there\n'
                : `stopped: ${done} migration(s) rolled back before the failure; ${failed}\n`,
            );
            return 1;
          }
          if (json) return 0;
          for (const service of result.services) {
            if (service.planned.length === 0) context.print(`nothing to roll back in ${service.service}`);
            else if (service.dryRun)
              context.print(
                `would roll back ${service.service}: ${service.planned.join(', ')} (dry run: nothing changed)`,
              );
            else
              context.print(
                `rolled back ${service.rolledBack.length} migration(s) of ${service.service} in ${formatDuration(service.totalMs)}`,
              );
          }
          return 0;
        });
      }),
    );
};
