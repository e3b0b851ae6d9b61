import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config/load-config.js';
import type { DatabaseTarget, ResolvedConfig } from '../../src/config/resolved-config.js';

/** A temporary dbward project: `dbward.config.json` and `migrations/<service>/<file>`. */
export interface ReviewProject {
  dir: string;
  write(relativePath: string, text: string): Promise<void>;
  /** Rewrites the config; `extra` is merged at the top level (review, database, ...). */
  configure(extra?: Record<string, unknown>): Promise<void>;
  load(): Promise<ResolvedConfig>;
  remove(): Promise<void>;
}

export interface ReviewProjectOptions {
  services: string[];
  /** `services/file` -> SQL. */
  files?: Record<string, string>;
  /** The target database; default an embedded one under the project that does not exist yet. */
  target?: DatabaseTarget;
  extra?: Record<string, unknown>;
}

export async function createReviewProject(options: ReviewProjectOptions): Promise<ReviewProject> {
  const dir = await mkdtemp(path.join(tmpdir(), 'dbward-review-'));
  const write = async (relativePath: string, text: string) => {
    const target = path.join(dir, relativePath);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, text);
  };
  const configure = async (extra: Record<string, unknown> = options.extra ?? {}) => {
    const target = options.target;
    const database =
      target === undefined
        ? {}
        : target.kind === 'url'
          ? { database: target.url }
          : { embeddedDataDir: target.dataDir };
    const services = Object.fromEntries(options.services.map((name) => [name, {}]));
    await write('dbward.config.json', JSON.stringify({ services, ...database, ...extra }, null, 2));
  };
  await configure();
  for (const [file, text] of Object.entries(options.files ?? {}))
    await write(path.join('migrations', file), text);
  return {
    dir,
    write,
    configure,
    load: () => loadConfig({ cwd: dir, env: {} }),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** migration wraps up (and optionally down) SQL into a migration file's text. */
export function migration(up: string, down: string | null = 'SELECT 1;', header = ''): string {
  return `${header}-- migrate:up\n${up}\n${down === null ? '' : `\n-- migrate:down\n${down}\n`}`;
}
