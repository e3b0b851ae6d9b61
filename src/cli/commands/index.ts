import type { CommandRegistrar } from '../command-registrar.js';

/** A command's name and how to load the module that defines it. */
export interface CommandModule {
  name: string;
  load(): Promise<CommandRegistrar>;
}

/**
 * Every command, in the order `--help` lists them. A run that names its command loads only that
 * module (see namedCommand); help and anything unclear load them all.
 */
export const COMMAND_MODULES: readonly CommandModule[] = [
  { name: 'init', load: async () => (await import('./init-command.js')).registerInitCommand },
  { name: 'doctor', load: async () => (await import('./doctor-command.js')).registerDoctorCommand },
  { name: 'backup', load: async () => (await import('./backup-command.js')).registerBackupCommand },
  { name: 'new', load: async () => (await import('./new-command.js')).registerNewCommand },
  { name: 'review', load: async () => (await import('./review-command.js')).registerReviewCommand },
  { name: 'up', load: async () => (await import('./up-command.js')).registerUpCommand },
  { name: 'down', load: async () => (await import('./down-command.js')).registerDownCommand },
  { name: 'status', load: async () => (await import('./status-command.js')).registerStatusCommand },
  { name: 'history', load: async () => (await import('./history-command.js')).registerHistoryCommand },
  { name: 'verify', load: async () => (await import('./verify-command.js')).registerVerifyCommand },
  { name: 'baseline', load: async () => (await import('./baseline-command.js')).registerBaselineCommand },
];
