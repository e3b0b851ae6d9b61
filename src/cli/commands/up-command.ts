import type { Command } from 'commander';
import type { CommandRegistrar } from '../command-registrar.js';

interface UpFlags {
  to?: string;
  dryRun?: boolean;
  sql?: boolean;
  allowOutOfOrder?: boolean;
  force?: string;
}

export const registerUpCommand: CommandRegistrar = (program: Command, run) => {
  program
    .command('up')
    .description('apply pending migrations, service by service in config order, each in its own transaction')
    .argument('[services...]', 'services to migrate (default: all, in config order)')
    .option('--to <id>', 'apply up to and including this migration id')
    .option('--dry-run', 'list what would be applied; change nothing')
    .option('--sql', 'print the SQL that would run, history writes included, instead of running it')
    .option('--allow-out-of-order', 'apply a pending migration older than the newest applied one')
    .option('--force <reason>', 'apply despite review errors; the reason is stored in the history')
    .action(
      run(async (context, [services, rawFlags]) => {
        // Loaded when the command runs, not when the CLI starts (every command is registered at start).
        const { applyMigrations } = await import('../../migrations/apply-migrations.js');
        const { describeMigrationProgress, formatDuration } = await import(
          '../../migrations/migration-progress.js'
        );
        const { parseMigrationId } = await import('../../migrations/parse-migration-id.js');
        const { planMigrations } = await import('../../migrations/plan-migrations.js');
        const { renderMigrationSql } = await import('../../migrations/render-migration-sql.js');
        const { withDatabase } = await import('../../migrations/with-database.js');
        const { textReport } = await import('../../review/reporters/text-reporter.js');
        const { reviewGate } = await import('../../review/review-gate.js');
        const flags = rawFlags as UpFlags;
        const json = context.options.format === 'json';
        const config = await context.loadConfig();
        const options = {
          services: services as string[],
          ...(flags.to === undefined ? {} : { to: parseMigrationId(flags.to, 'up --to') }),
          ...(flags.allowOutOfOrder ? { allowOutOfOrder: true } : {}),
        };
        const gate = (db: Parameters<typeof reviewGate>[1]) =>
          reviewGate(config, db, {
            force: flags.force,
            // Printed when errors block the run or are forced through; warnings are for `review`.
            onReport: (report) => {
              if (report.summary.errors === 0) return;
              const text = textReport(report, context.paint);
              if (json || flags.sql) context.io.stderr(text);
              else context.io.stdout(text);
            },
          });
        return withDatabase(config, async (db) => {
          if (flags.sql) {
            const plan = await planMigrations(config, db, options);
            for (const note of plan.warnings) context.warn(note.message);
            for (const problem of plan.problems) context.io.stderr(`error: ${problem.message}\n`);
            if (plan.problems.length > 0) return 1;
            // The script is what `up` would run: the same review gate first.
            const verdict = await gate(db)(plan);
            const sql = renderMigrationSql(
              config,
              plan,
              flags.force === undefined ? {} : { forcedReason: flags.force, ...verdict },
            );
            if (json) context.printJson({ sql });
            else context.io.stdout(sql);
            return 0;
          }
          const result = await applyMigrations(config, db, {
            ...options,
            dryRun: flags.dryRun === true,
            // The review gate: error-level findings stop the run before anything is applied.
            beforeApply: gate(db),
            ...(flags.force === undefined ? {} : { forcedReason: flags.force }),
            onProgress: (event) => {
              const line = describeMigrationProgress(event);
              if (event.kind === 'applied' && !json) context.print(line);
              else if (event.kind === 'applied') context.io.stderr(`${line}\n`);
              else context.warn(line);
            },
          });
          if (json) context.printJson(result);
          for (const problem of result.problems)
            context.io.stderr(`${context.paint.red('error:')} ${problem.message}\n`);
          if (result.problems.length > 0) {
            context.io.stderr(`nothing applied: ${result.problems.length} problem(s) to fix first\n`);
            return 1;
          }
          if (result.failure !== null) {
            context.io.stderr(`${context.paint.red('error:')} ${result.failure.message}\n`);
            const applied = result.services.reduce((total, service) => total + service.applied.length, 0);
            const failed =
              result.failure.statementsKept > 0
                ? `${result.failure.file} partly applied (not recorded), everything after it not applied`
                : `${result.failure.file} and everything after it not applied`;
            context.io.stderr(`stopped: ${applied} migration(s) applied before the failure; ${failed}\n`);
            return 1;
          }
          if (json) return 0;
          if (result.dryRun) {
            for (const service of result.services)
              for (const ref of service.pending) context.print(`would apply ${ref.file}`);
            const count = result.services.reduce((total, service) => total + service.pending.length, 0);
            context.print(
              count === 0
                ? 'nothing to apply: every service is up to date'
                : `${count} migration(s) pending (dry run: nothing applied)`,
            );
            return 0;
          }
          const count = result.services.reduce((total, service) => total + service.applied.length, 0);
          context.print(
            count === 0
              ? 'nothing to apply: every service is up to date'
              : `applied ${count} migration(s) in ${formatDuration(result.totalMs)}`,
          );
          return 0;
        });
      }),
    );
};
