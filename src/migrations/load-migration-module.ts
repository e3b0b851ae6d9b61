import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DbSession } from '../db/db.js';
import { DbwardError } from '../errors/dbward-error.js';
import { createPositionIndex } from './text-positions.js';

/** MigrationModule is what a TypeScript migration exports. */
export interface MigrationModule {
  up(db: DbSession): Promise<void> | void;
  down?: (db: DbSession) => Promise<void> | void;
}

/** Why a TypeScript migration cannot be used, and where in it (1-based). */
export interface MigrationModuleProblem {
  line: number;
  column: number;
  /** Without the file name: `cannot load: ParseError: Unexpected token`. */
  message: string;
}

export type MigrationModuleLoad =
  | { ok: true; module: MigrationModule }
  | { ok: false; problem: MigrationModuleProblem };

/**
 * tryLoadMigrationModule imports a `.ts` migration through jiti (no build step) and checks it
 * exports a function `up`. It never throws: a file that does not compile, throws while loading or
 * exports no `up` is a problem with its position. `displayPath` is the file's path relative to the
 * project root (with `/`); it names other files (an imported one that does not compile) the same way.
 */
export async function tryLoadMigrationModule(
  absolutePath: string,
  displayPath: string,
): Promise<MigrationModuleLoad> {
  // jiti is loaded here, not at start-up: most runs have no TypeScript migration to load.
  const { createJiti } = await import('jiti');
  const jiti = createJiti(import.meta.url, { moduleCache: false, fsCache: false });
  let loaded: unknown;
  try {
    loaded = await jiti.import<unknown>(absolutePath);
  } catch (cause) {
    return { ok: false, problem: loadProblemOf(cause, absolutePath, displayPath) };
  }
  const exports = (typeof loaded === 'object' && loaded !== null ? loaded : {}) as Record<string, unknown>;
  const fromDefault = (
    typeof exports.default === 'object' && exports.default !== null ? exports.default : {}
  ) as Record<string, unknown>;
  const up = exports.up ?? fromDefault.up;
  const down = exports.down ?? fromDefault.down;
  if (typeof up !== 'function') {
    return {
      ok: false,
      problem: { line: 1, column: 1, message: 'a TypeScript migration must export a function up(db)' },
    };
  }
  return {
    ok: true,
    module: {
      up: up as MigrationModule['up'],
      ...(typeof down === 'function' ? { down: down as NonNullable<MigrationModule['down']> } : {}),
    },
  };
}

/**
 * loadMigrationModule is tryLoadMigrationModule that throws the problem as a DbwardError whose
 * message starts with `action` and names `file:line:column`.
 */
export async function loadMigrationModule(
  absolutePath: string,
  displayPath: string,
  action: string,
): Promise<MigrationModule> {
  const load = await tryLoadMigrationModule(absolutePath, displayPath);
  if (load.ok) return load.module;
  const { line, column, message } = load.problem;
  throw new DbwardError(
    'migration-module-invalid',
    `${action} ${displayPath}:${line}:${column}: ${message}`,
    {
      position: { file: displayPath, line, column },
    },
  );
}

/**
 * jiti reports a file that does not compile as `Error('<code>: <message> \n <file>:<line>:<column>')`,
 * with Babel's location: line 1-based, column 0-based.
 */
const JITI_PARSE_ERROR = /^(\w+): ([\s\S]*?)\s*\n (.+):(\d+):(\d+)\s*$/;

/** loadProblemOf turns what jiti threw into a problem at the spot it names in the migration. */
function loadProblemOf(cause: unknown, absolutePath: string, displayPath: string): MigrationModuleProblem {
  const message = cause instanceof Error ? cause.message : String(cause);
  const parse = JITI_PARSE_ERROR.exec(message);
  if (parse !== null) {
    const [, code = 'ParseError', reason = '', file = '', lineText = '0', columnText = '0'] = parse;
    const line = Number(lineText);
    const column = Number(columnText) + 1;
    if (path.resolve(file) === path.resolve(absolutePath)) {
      return line > 0
        ? { line, column, message: `cannot load: ${code}: ${reason}` }
        : { line: 1, column: 1, message: `cannot load: ${code}: ${reason}` };
    }
    // The migration imports a file that does not compile: the migration is named, the file shown.
    const where = line > 0 ? `${projectPath(file, absolutePath, displayPath)}:${line}:${column}` : file;
    return { line: 1, column: 1, message: `cannot load: ${code} in ${where}: ${reason}` };
  }
  const reason = message.split('\n')[0] ?? message;
  const spot = missingImportSpot(cause, absolutePath) ??
    thrownAtLine(cause, absolutePath) ?? { line: 1, column: 1 };
  return { ...spot, message: `cannot load: ${reason}` };
}

/** projectPath shows `file` relative to the project root (the folder `displayPath` is relative to). */
function projectPath(file: string, absolutePath: string, displayPath: string): string {
  const root = path.resolve(absolutePath, ...displayPath.split('/').map(() => '..'));
  const relative = path.relative(root, file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative.split(path.sep).join('/');
}

/** missingImportSpot finds the import of a module that cannot be found in the migration's text. */
function missingImportSpot(cause: unknown, absolutePath: string): { line: number; column: number } | null {
  const code = (cause as { code?: unknown } | null)?.code;
  if (code !== 'MODULE_NOT_FOUND' && code !== 'ERR_MODULE_NOT_FOUND') return null;
  const specifier = /Cannot find (?:module|package) '([^']+)'/.exec(String((cause as Error).message))?.[1];
  if (specifier === undefined) return null;
  const text = readTextOrNull(absolutePath);
  if (text === null) return null;
  for (const quote of ["'", '"', '`']) {
    const at = text.indexOf(`${quote}${specifier}${quote}`);
    if (at >= 0) return createPositionIndex(text)(at);
  }
  return null;
}

/**
 * thrownAtLine is the line of the migration's top-level code that threw, from the stack. jiti keeps
 * the lines of the source but not its columns, so the column is that of the line's first character.
 */
function thrownAtLine(cause: unknown, absolutePath: string): { line: number; column: number } | null {
  const stack = cause instanceof Error ? (cause.stack ?? '') : '';
  for (const frame of stack.split('\n')) {
    const at = frame.lastIndexOf(`${absolutePath}:`);
    if (at < 0) continue;
    const line = Number(/^:(\d+):\d+/.exec(frame.slice(at + absolutePath.length))?.[1]);
    if (!Number.isInteger(line) || line < 1) continue;
    const source = readTextOrNull(absolutePath)?.split('\n')[line - 1];
    const indent = source === undefined ? 0 : source.length - source.trimStart().length;
    return { line, column: indent + 1 };
  }
  return null;
}

function readTextOrNull(absolutePath: string): string | null {
  try {
    return readFileSync(absolutePath, 'utf8');
  } catch {
    return null;
  }
}
