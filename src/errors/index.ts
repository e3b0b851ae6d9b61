export { DbwardError, formatPosition, isDbwardError } from './dbward-error.js';
export type { DbwardErrorOptions, ExitCode, SourcePosition } from './dbward-error.js';
