export type { DbwardErrorOptions, ExitCode, SourcePosition } from './dbward-error.js';
export { DbwardError, formatPosition, isDbwardError } from './dbward-error.js';
