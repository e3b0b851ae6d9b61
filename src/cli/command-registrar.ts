import type { Command } from 'commander';
import type { CommandAction } from './command-context.js';

/** run wraps a command body into a commander action that records the exit code. */
export type ActionRunner = (action: CommandAction) => (...args: unknown[]) => Promise<void>;

/** A CommandRegistrar adds one command to the program; one file per command. */
export type CommandRegistrar = (program: Command, run: ActionRunner) => void;
