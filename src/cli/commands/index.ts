import type { CommandRegistrar } from '../command-registrar.js';
import { registerBackupCommand } from './backup-command.js';
import { registerBaselineCommand } from './baseline-command.js';
import { registerDoctorCommand } from './doctor-command.js';
import { registerDownCommand } from './down-command.js';
import { registerHistoryCommand } from './history-command.js';
import { registerInitCommand } from './init-command.js';
import { registerNewCommand } from './new-command.js';
import { registerReviewCommand } from './review-command.js';
import { registerStatusCommand } from './status-command.js';
import { registerUpCommand } from './up-command.js';
import { registerVerifyCommand } from './verify-command.js';

/** Every command, in the order `--help` lists them. */
export const COMMANDS: CommandRegistrar[] = [
  registerInitCommand,
  registerDoctorCommand,
  registerBackupCommand,
  registerNewCommand,
  registerReviewCommand,
  registerUpCommand,
  registerDownCommand,
  registerStatusCommand,
  registerHistoryCommand,
  registerVerifyCommand,
  registerBaselineCommand,
];
