import type { CommandRegistrar } from '../command-registrar.js';
import { registerBackupCommand } from './backup-command.js';
import { registerDoctorCommand } from './doctor-command.js';
import { registerInitCommand } from './init-command.js';
import { registerReviewCommand } from './review-command.js';

/** Every command, in the order `--help` lists them. */
export const COMMANDS: CommandRegistrar[] = [
  registerInitCommand,
  registerDoctorCommand,
  registerBackupCommand,
  registerReviewCommand,
];
