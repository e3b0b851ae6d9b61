import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DbwardError } from '../errors/dbward-error.js';
import { jsonErrorOffset } from './json-error-offset.js';
import { formatLineColumn, lineColumnAt } from './locate-key-path.js';
import { markCacheIgnored } from './mark-cache-ignored.js';

/**
 * importConfigFile evaluates a config file and returns its default export, unvalidated: JSON is
 * parsed; a plain ES module that does not import `dbward` is imported by Node; anything else
 * (TypeScript, `import ... from 'dbward'`) goes through jiti, whose transform is cached on disk.
 * A file that cannot be loaded is a `config-invalid` error naming `display`, and the line and
 * column (1-based) where there is one.
 */
export async function importConfigFile(configFile: string, display: string): Promise<unknown> {
  let source: string;
  try {
    source = await readFile(configFile, 'utf8');
  } catch (cause: unknown) {
    // No permission, or a file gone since it was found: a config problem, not a crash.
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new DbwardError('config-unreadable', `${display}: cannot read: ${reason}`, { exitCode: 2, cause });
  }
  if (configFile.endsWith('.json')) return parseJsonConfig(source, display);
  if (isNativeModule(configFile, source)) {
    try {
      return await importNatively(configFile, source);
    } catch {
      // Let jiti load it again: its errors carry the line and column (Node's syntax errors do not),
      // so a broken config reads the same whichever way it is loaded. Only a failure pays for this.
    }
  }
  // jiti (and babel, when a transform is not cached) are loaded only for a config that needs them,
  // through jiti's CommonJS entry: its ES module entry makes Node scan the 190 kB CommonJS bundle
  // behind it for export names, which took longer than the rest of jiti's start-up here.
  const { createJiti } = createRequire(import.meta.url)('jiti') as typeof import('jiti');
  const jiti = createJiti(import.meta.url, {
    // `dbward` inside a config means this very dbward, installed or not.
    alias: { dbward: importsOnlyConfigApi(source) ? configApiEntry() : libraryEntry() },
    // No module cache: a long-lived process (tests, an MCP server) sees an edited config.
    moduleCache: false,
    // Transpiled output is keyed by the file's content: an edit is a miss, not a stale config.
    fsCache: transformCacheDir(dirname(configFile)),
  });
  try {
    return await jiti.import<unknown>(configFile, { default: true });
  } catch (error) {
    throw cannotLoad(error, configFile, display);
  }
}

function cannotLoad(error: unknown, configFile: string, display: string): DbwardError {
  const message = error instanceof Error ? error.message : String(error);
  const where = syntaxErrorPosition(message, configFile, display) ?? display;
  return new DbwardError('config-invalid', `${where}: cannot load: ${firstLine(message).trim()}`, {
    exitCode: 2,
    cause: error,
  });
}

/**
 * syntaxErrorPosition is `file:line:column` (1-based) of a syntax error jiti reports, in the config
 * or in a file it imports; null for any other error. jiti words it "<code>: <message> \n
 * <file>:<line>:<column>" with babel's `loc`, whose line is 1-based but column 0-based, and line 0
 * when babel gave no position.
 */
function syntaxErrorPosition(message: string, configFile: string, display: string): string | null {
  const at = /\n (.+):(\d+):(\d+)$/.exec(message);
  if (!at?.[1] || Number(at[2]) === 0) return null;
  const file = resolve(at[1]);
  if (!existsSync(file)) return null;
  const where =
    file === resolve(configFile) ? display : join(dirname(display), relative(dirname(configFile), file));
  return `${where}:${Number(at[2])}:${Number(at[3]) + 1}`;
}

/**
 * parseJsonConfig parses a JSON config; a syntax error says where, 1-based. V8 gives a 0-based
 * offset ("at position 33") for most errors but none for some ("Unexpected token 'x', ... is not
 * valid JSON"), so then the offset comes from jsonErrorOffset.
 */
function parseJsonConfig(source: string, display: string): unknown {
  // Node's require() of JSON skips a byte order mark too; editors do not count it as a column.
  const text = source.startsWith('\uFEFF') ? source.slice(1) : source;
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const given = V8_JSON_POSITION.exec(message);
    const offset = given ? Number(given[1]) : jsonErrorOffset(text);
    const where = offset === null ? display : `${display}:${formatLineColumn(lineColumnAt(text, offset))}`;
    throw new DbwardError('config-invalid', `${where}: ${describeJsonError(message)}`, {
      exitCode: 2,
      cause: error,
    });
  }
}

/** V8's position of a JSON syntax error: an offset, and on newer Node a 1-based line and column. */
const V8_JSON_POSITION = / at position (\d+)(?: \(line \d+ column \d+\))?$/;

/**
 * describeJsonError is V8's message without its position and without its quote of the text, which
 * can span lines: "Expected double-quoted property name in JSON", "Unexpected token 'x' in JSON".
 */
function describeJsonError(message: string): string {
  return message
    .replace(V8_JSON_POSITION, '')
    .replace(/, (?:\.\.\.)?".*"(?:\.\.\.)? is not valid JSON$/s, ' in JSON')
    .replace(
      /^Unexpected token '(\s)'/,
      (_, space: string) => `Unexpected token '${JSON.stringify(space).slice(1, -1)}'`,
    );
}

/**
 * isNativeModule says whether Node can import the config as it is, without jiti: plain ES modules
 * that do not import `dbward` (Node would resolve that from the project, not to this dbward).
 */
function isNativeModule(configFile: string, source: string): boolean {
  if (/['"`]dbward['"`]/.test(source)) return false;
  if (configFile.endsWith('.mjs')) return true;
  return configFile.endsWith('.js') && nearestPackageType(dirname(configFile)) === 'module';
}

async function importNatively(configFile: string, source: string): Promise<unknown> {
  // Node caches a module by URL; the content hash makes an edited config a new module.
  const version = createHash('sha256').update(source).digest('hex').slice(0, 16);
  const loaded = (await import(`${pathToFileURL(configFile).href}?v=${version}`)) as { default?: unknown };
  return loaded.default ?? loaded;
}

function nearestPackageType(dir: string): string | undefined {
  for (let at = dir; ; at = dirname(at)) {
    const manifest = join(at, 'package.json');
    if (existsSync(manifest)) {
      try {
        return (JSON.parse(readFileSync(manifest, 'utf8')) as { type?: string }).type;
      } catch {
        return undefined;
      }
    }
    if (dirname(at) === at) return undefined;
  }
}

/** The names src/config/config-file-api.ts provides. */
export const CONFIG_API_NAMES: ReadonlySet<string> = new Set([
  'defineConfig',
  'DbwardConfig',
  'ServiceConfig',
  'RuleSeverity',
]);

/**
 * importsOnlyConfigApi says whether every import of `dbward` in the config is a named import of
 * CONFIG_API_NAMES (or type-only); anything else (`import *`, other names, `require`) gets the
 * whole library, as before.
 */
export function importsOnlyConfigApi(source: string): boolean {
  const mentions = source.match(/['"`]dbward['"`]/g)?.length ?? 0;
  let understood = 0;
  for (const match of source.matchAll(/\bimport\s+(type\s+)?\{([^}]*)\}\s*from\s*['"]dbward['"]/g)) {
    understood += 1;
    if (match[1]) continue;
    for (const specifier of (match[2] ?? '').split(',')) {
      const name = specifier
        .trim()
        .replace(/^type\s+/, '')
        .split(/\s+as\s+/)[0];
      if (name && !CONFIG_API_NAMES.has(name)) return false;
    }
  }
  return understood === mentions;
}

/**
 * transformCacheDir is where jiti keeps transpiled configs: `.dbward/cache/jiti` beside the config,
 * else (a read-only checkout) `$DBWARD_CACHE_DIR/jiti` or the OS temp dir, else no cache at all.
 */
function transformCacheDir(rootDir: string): string | false {
  const cacheRoot = join(rootDir, '.dbward', 'cache');
  const inProject = join(cacheRoot, 'jiti');
  if (writableDir(inProject)) {
    markCacheIgnored(cacheRoot);
    return inProject;
  }
  const shared = join(process.env.DBWARD_CACHE_DIR ?? join(tmpdir(), 'dbward-cache'), 'jiti');
  // Code is run from this cache: in a shared temp dir, only from a directory this user owns.
  return writableDir(shared) && ownedByCurrentUser(dirname(shared)) && ownedByCurrentUser(shared)
    ? shared
    : false;
}

function writableDir(dir: string): boolean {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function ownedByCurrentUser(path: string): boolean {
  // No uids on Windows, where the temp dir is per user anyway.
  if (!process.getuid) return true;
  try {
    return statSync(path).uid === process.getuid();
  } catch {
    return false;
  }
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}

function libraryEntry(): string {
  return compiledOrSource('../index');
}

function configApiEntry(): string {
  return compiledOrSource('./config-file-api');
}

/** compiledOrSource is the built module beside this one, or its source when run from src (tests). */
function compiledOrSource(relativeName: string): string {
  const compiled = fileURLToPath(new URL(`${relativeName}.js`, import.meta.url));
  return existsSync(compiled) ? compiled : fileURLToPath(new URL(`${relativeName}.ts`, import.meta.url));
}
