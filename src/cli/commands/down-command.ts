import type { Command } from 'commander';
import { DbwardError } from '../../errors/dbward-error.js';
import { describeMigrationProgress, formatDuration } from '../../migrations/migration-progress.js';
import { parseMigrationId } from '../../migrations/parse-migration-id.js';
import { rollbackMigrations } from '../../migrations/rollback-migrations.js';
import { withDatabase } from '../../migrations/with-database.js';
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
      'roll back the newest migrations of a service with the down SQL stored when they were applied',
    )
    .argument('[service]', 'the service to roll back (optional when the config has one service)')
    .option('-n, --count <n>', 'how many of the newest migrations to roll back (default 1)')
    .option('--to <id>', 'roll back every migration above this id (0: all of them)')
    .option('--dry-run', 'list what would be rolled back; change nothing')
    .action(
      run(async (context, [serviceArg, rawFlags]) => {
        const flags = rawFlags as DownFlags;
        const json = context.options.format === 'json';
        const config = await context.loadConfig();
        const service =
          typeof serviceArg === 'string'
            ? serviceArg
            : config.services.length === 1
              ? config.services[0]?.name
              : undefined;
        if (service === undefined) {
          throw new DbwardError(
            'bad-usage',
            `down: name the service to roll back (services: ${config.services.map((s) => s.name).join(', ')})`,
            { exitCode: 2 },
          );
        }
        const options = {
          service,
          ...(flags.count === undefined ? {} : { count: parseMigrationId(flags.count, 'down -n') }),
          ...(flags.to === undefined ? {} : { to: parseMigrationId(flags.to, 'down --to') }),
          dryRun: flags.dryRun === true,
        };
        return withDatabase(config, async (db) => {
          const result = await rollbackMigrations(config, db, {
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
            context.io.stderr(`${context.paint.red('error:')} ${result.failure.message}\n`);
            context.io.stderr(
              `stopped: ${result.rolledBack.length} migration(s) rolled back before the failure; ${result.failure.file} is still applied\n`,
            );
            return 1;
          }
          if (json) return 0;
          if (result.planned.length === 0) context.print(`nothing to roll back in ${result.service}`);
          else if (result.dryRun)
            context.print(
              `would roll back ${result.service}: ${result.planned.join(', ')} (dry run: nothing changed)`,
            );
          else
            context.print(
              `rolled back ${result.rolledBack.length} migration(s) of ${result.service} in ${formatDuration(result.totalMs)}`,
            );
          return 0;
        });
      }),
    );
};
