import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { EMBEDDED_START_PARAMS } from './embedded-start-params.js';

/**
 * A freshly initialised PGlite data directory, as a tar. Starting PGlite from it skips initdb
 * (measured on 2 cores: 1.2-1.8 s for a fresh start, 0.3-0.4 s from the template), which is
 * what makes a shadow database cheap. It is built once per PGlite version and kept in the OS temp dir.
 */
let templateInProcess: Promise<Blob> | undefined;

export function pgliteTemplate(): Promise<Blob> {
  templateInProcess ??= loadOrBuildTemplate();
  return templateInProcess;
}

async function loadOrBuildTemplate(): Promise<Blob> {
  const file = join(cacheDir(), `pglite-${pgliteVersion()}-template.tar`);
  try {
    return new Blob([await readFile(file)]);
  } catch {
    // Not cached yet (or unreadable): build it below.
  }
  const db = await PGlite.create({ startParams: [...EMBEDDED_START_PARAMS] });
  const dump = await db.dumpDataDir('none');
  await db.close();
  const bytes = new Uint8Array(await dump.arrayBuffer());
  try {
    await mkdir(cacheDir(), { recursive: true });
    // Write then rename so a concurrent process never reads half a file.
    const partial = `${file}.${process.pid}.partial`;
    await writeFile(partial, bytes);
    await rename(partial, file);
  } catch {
    // A read-only temp dir only costs speed.
  }
  return new Blob([bytes]);
}

function cacheDir(): string {
  return process.env.DBWARD_CACHE_DIR ?? join(tmpdir(), 'dbward-cache');
}

function pgliteVersion(): string {
  // The package does not export its package.json; find it beside the resolved entry.
  const require = createRequire(import.meta.url);
  const entry = require.resolve('@electric-sql/pglite');
  const manifest = require(join(dirname(entry), '..', 'package.json')) as { version: string };
  return manifest.version;
}
