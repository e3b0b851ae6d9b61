import { Command, CommanderError, Option } from 'commander';
import { pgErrorDetails } from '../db/pg-error-details.js';
import { redactUrlsInText } from '../db/redact-url.js';
import { isDbwardError } from '../errors/dbward-error.js';
import { DBWARD_VERSION } from '../review/dbward-version.js';
import { type CliIo, processIo } from './cli-io.js';
import { commandContext } from './command-context.js';
import type { ActionRunner } from './command-registrar.js';
import { COMMAND_MODULES } from './commands/index.js';
import { globalOptionsOf, REPORT_FORMAT_COMMANDS, REPORT_FORMATS } from './global-options.js';
import { namedCommand } from './named-command.js';
import { paintFor } from './paint.js';

/**
 * runCli parses `argv` (as process.argv: node, script, ...args), runs one command and returns its
 * exit code: 0 success, 1 findings or a failed operation, 2 bad usage, config or database.
 */
export async function runCli(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let exitCode = 0;
  const program = new Command('dbward')
    .description('Safe, isolated, auditable schema changes for a database-per-service PostgreSQL estate')
    .version(DBWARD_VERSION, '-V, --version', 'print the dbward version')
    .option('-c, --config <file>', 'config file (default: dbward.config.* found upwards)')
    .option('--database-url <url>', 'database URL (beats DATABASE_URL and the config)')
    .addOption(
      new Option('--format <format>', 'output format (review also: sarif, github)')
        .choices([...REPORT_FORMATS])
        .default('text'),
    )
    .option('--cwd <dir>', 'run as if started in this directory')
    .option('--no-color', 'no colours (also: NO_COLOR)')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .hook('preAction', (_program, actionCommand) => {
      const format = globalOptionsOf(actionCommand).reportFormat;
      if ((format === 'sarif' || format === 'github') && !REPORT_FORMAT_COMMANDS.has(actionCommand.name())) {
        actionCommand.error(
          `error: --format ${format} is only for: ${[...REPORT_FORMAT_COMMANDS].join(', ')}`,
          {
            exitCode: 2,
            code: 'dbward.format',
          },
        );
      }
    });

  const run: ActionRunner =
    (action) =>
    async (...args: unknown[]) => {
      const command = args[args.length - 1] as Command;
      exitCode = await action(commandContext(command, io), args.slice(0, -1));
    };
  // Define only the command being run when the arguments say which: each definition is a module
  // to load, and start-up is paid by every run of every command.
  const name = namedCommand(program, argv.slice(2));
  const named = COMMAND_MODULES.filter((command) => command.name === name);
  const modules = named.length > 0 ? named : COMMAND_MODULES;
  for (const register of await Promise.all(modules.map((command) => command.load()))) register(program, run);
  for (const command of program.commands)
    command.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });

  try {
    await program.parseAsync([...argv]);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are successes; every other parse problem is bad usage (commander has
      // printed it), and a caller that asked for JSON still gets its one document.
      if (error.exitCode === 0) return 0;
      if (asksForJson(argv))
        io.stdout(
          `${JSON.stringify({ error: { code: 'bad-usage', message: error.message.replace(/^error: /, '') } }, null, 2)}\n`,
        );
      return 2;
    }
    return reportFailure(error, io, program);
  }
}

/** asksForJson: `--format json` (or `--format=json`) among the arguments, read when parsing them failed. */
function asksForJson(argv: readonly string[]): boolean {
  return argv.some(
    (arg, index) => arg === '--format=json' || (arg === '--format' && argv[index + 1] === 'json'),
  );
}

function reportFailure(error: unknown, io: CliIo, program: Command): number {
  const paint = paintFor(io, globalOptionsOf(program).color);
  const json = globalOptionsOf(program).format === 'json';
  if (isDbwardError(error)) {
    const message = redactUrlsInText(error.message);
    if (json)
      io.stdout(
        `${JSON.stringify({ error: { code: error.code, message, sqlState: error.sqlState ?? null, ...error.details } }, null, 2)}\n`,
      );
    io.stderr(`${paint.red('error:')} ${message}\n`);
    if (error.hint) io.stderr(`${paint.dim('hint:')} ${error.hint}\n`);
    return error.exitCode;
  }
  // A server error outside a migration (a role without the privileges a command needs, say): the
  // same shape as every other failure, in JSON too.
  const pg = pgErrorDetails(error);
  if (pg) {
    const message = redactUrlsInText(
      `${pg.message} (SQLSTATE ${pg.sqlState})${pg.detail ? `; ${pg.detail}` : ''}${pg.hint ? `; hint: ${pg.hint}` : ''}`,
    );
    if (json)
      io.stdout(
        `${JSON.stringify({ error: { code: 'sql-error', message, sqlState: pg.sqlState } }, null, 2)}\n`,
      );
    io.stderr(`${paint.red('error:')} ${message}\n`);
    return 1;
  }
  // A bug in dbward, not a user error: the stack helps the report.
  io.stderr(
    `${paint.red('internal error:')} ${redactUrlsInText(error instanceof Error ? (error.stack ?? error.message) : String(error))}\n`,
  );
  return 1;
}
