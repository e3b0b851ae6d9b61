import type { Command } from 'commander';
import { DbwardError } from '../../errors/dbward-error.js';
import type { CommandRegistrar } from '../command-registrar.js';

interface ReviewFlags {
  service?: string;
  since?: string;
  all?: boolean;
  cache: boolean;
}

export const registerReviewCommand: CommandRegistrar = (program: Command, run) => {
  program
    .command('review')
    .description('review migrations against the schema they run on; exit 1 on unacknowledged errors')
    .argument(
      '[paths...]',
      'migration files or folders (default: pending migrations, or all when the database is unreachable)',
    )
    .option('-s, --service <name>', 'only this service')
    .option('--since <git-ref>', 'only files changed since this git ref')
    .option('--all', 'every migration, applied or not')
    .option('--no-cache', 'ignore and do not write .dbward/cache/review')
    .action(
      run(async (context, [paths, rawFlags]) => {
        const flags = rawFlags as ReviewFlags;
        const given = (paths as string[] | undefined) ?? [];
        if (flags.all && given.length > 0) {
          throw new DbwardError('bad-usage', 'review: give paths or --all, not both', { exitCode: 2 });
        }
        // Loaded when the command runs, not when the CLI starts (every command is registered at start).
        const { reviewMigrations } = await import('../../review/review-migrations.js');
        const config = await context.loadConfig();
        const report = await reviewMigrations(config, {
          paths: given,
          service: flags.service,
          since: flags.since,
          all: flags.all,
          cache: flags.cache,
          cwd: context.options.cwd ?? process.cwd(),
        });
        if (report.targetUnreachable !== null) {
          context.warn(
            `the database is not reachable, so this review has no pending selection (all files are reviewed), row estimates or data checks: ${report.targetUnreachable}`,
          );
        }
        const format = context.options.reportFormat;
        if (format === 'json') {
          const { jsonReport } = await import('../../review/reporters/json-reporter.js');
          context.io.stdout(jsonReport(report));
        } else if (format === 'sarif') {
          const { sarifReport } = await import('../../review/reporters/sarif-reporter.js');
          const { knownRules } = await import('../../review/known-rules.js');
          context.io.stdout(sarifReport(report, knownRules()));
        } else if (format === 'github') {
          const { githubReport } = await import('../../review/reporters/github-reporter.js');
          context.io.stdout(githubReport(report));
        } else {
          const { textReport } = await import('../../review/reporters/text-reporter.js');
          if (report.nothingToReview !== null) context.print(report.nothingToReview);
          context.io.stdout(textReport(report, context.paint));
        }
        if (context.io.env.DBWARD_PROFILE) {
          context.io.stderr(
            `${JSON.stringify({ shadowStarted: report.shadowStarted, ...report.profile })}\n`,
          );
        }
        return report.summary.errors > 0 ? 1 : 0;
      }),
    );
};
