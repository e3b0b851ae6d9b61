import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { runCliInProcess } from '../../test/harness/run-cli.js';
import { COMMAND_MODULES } from './commands/index.js';
import { namedCommand } from './named-command.js';

/** The program options of main.ts, by kind: a value, a boolean, a negation. */
function program(): Command {
  return new Command('dbward')
    .option('-c, --config <file>')
    .option('--format <format>')
    .option('--cwd <dir>')
    .option('--no-color')
    .option('--maybe [value]');
}

describe('namedCommand', () => {
  it('finds the command after program options and their values', () => {
    expect(namedCommand(program(), ['status'])).toBe('status');
    expect(namedCommand(program(), ['--format', 'json', 'down', 'auth'])).toBe('down');
    expect(namedCommand(program(), ['-c', 'up', '--no-color', 'review'])).toBe('review');
    expect(namedCommand(program(), ['--cwd=status', 'history'])).toBe('history');
  });

  it('gives up on anything it does not understand', () => {
    expect(namedCommand(program(), [])).toBeUndefined();
    expect(namedCommand(program(), ['--help'])).toBeUndefined();
    expect(namedCommand(program(), ['-cdbward.config.ts', 'status'])).toBeUndefined();
    expect(namedCommand(program(), ['--maybe', 'status'])).toBeUndefined();
    expect(namedCommand(program(), ['--', 'status'])).toBeUndefined();
    expect(namedCommand(program(), ['--format'])).toBeUndefined();
  });
});

describe('the CLI with commands defined on demand', () => {
  it('lists every command in --help and in help', async () => {
    for (const args of [['--help'], ['help']]) {
      const run = await runCliInProcess(args);
      expect(run.exitCode).toBe(0);
      for (const command of COMMAND_MODULES)
        expect(run.stdout).toMatch(new RegExp(`^  ${command.name}\\b`, 'm'));
    }
  });

  it('still suggests a command for a typo, and helps with one command', async () => {
    const typo = await runCliInProcess(['--format', 'json', 'staus']);
    expect(typo.exitCode).toBe(2);
    expect(typo.stderr).toContain('(Did you mean status?)');
    const help = await runCliInProcess(['--no-color', 'down', '--help']);
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toMatch(/^Usage: dbward down/m);
  });
});
