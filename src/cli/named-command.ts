import type { Command } from 'commander';

/**
 * namedCommand is the subcommand `args` (argv without node and script) run, when it is certain:
 * the first argument that is neither a program option nor its value. Anything it does not
 * understand (an unknown or combined option, `--`, help, version) gives undefined, and the caller
 * then defines every command, as commander needs for help and for its errors.
 */
export function namedCommand(program: Command, args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (!arg.startsWith('-')) return arg;
    const [flag, inlineValue] = splitFlag(arg);
    const option = program.options.find((o) => o.long === flag || o.short === flag);
    // --help and --version are no commander Options here: unknown, so undefined.
    if (!option) return undefined;
    if (option.required && inlineValue === undefined) i += 1;
    else if (option.optional) return undefined;
  }
  return undefined;
}

function splitFlag(arg: string): [string, string | undefined] {
  const equals = arg.indexOf('=');
  return arg.startsWith('--') && equals > 0
    ? [arg.slice(0, equals), arg.slice(equals + 1)]
    : [arg, undefined];
}
