import type { DbSession } from '../db/db.js';
import { DbwardError } from '../errors/dbward-error.js';

/** MigrationModule is what a TypeScript migration exports. */
export interface MigrationModule {
  up(db: DbSession): Promise<void> | void;
  down?: (db: DbSession) => Promise<void> | void;
}

/**
 * loadMigrationModule imports a `.ts` migration through jiti (no build step) and checks it exports
 * an `up` function (and `down`, when asked for). `action` starts the error message.
 */
export async function loadMigrationModule(
  absolutePath: string,
  displayPath: string,
  action: string,
): Promise<MigrationModule> {
  // jiti is loaded here, not at start-up: most runs have no TypeScript migration to load.
  const { createJiti } = await import('jiti');
  const jiti = createJiti(import.meta.url, { moduleCache: false, fsCache: false });
  let loaded: unknown;
  try {
    loaded = await jiti.import<unknown>(absolutePath);
  } catch (cause) {
    const reason = cause instanceof Error ? (cause.message.split('\n')[0] ?? cause.message) : String(cause);
    throw new DbwardError('migration-module-invalid', `${action} ${displayPath}: cannot load: ${reason}`, {
      cause,
    });
  }
  const exports = (typeof loaded === 'object' && loaded !== null ? loaded : {}) as Record<string, unknown>;
  const fromDefault = (
    typeof exports.default === 'object' && exports.default !== null ? exports.default : {}
  ) as Record<string, unknown>;
  const up = exports.up ?? fromDefault.up;
  const down = exports.down ?? fromDefault.down;
  if (typeof up !== 'function') {
    throw new DbwardError(
      'migration-module-invalid',
      `${action} ${displayPath}: a TypeScript migration must export a function up(db)`,
    );
  }
  return {
    up: up as MigrationModule['up'],
    ...(typeof down === 'function' ? { down: down as NonNullable<MigrationModule['down']> } : {}),
  };
}
