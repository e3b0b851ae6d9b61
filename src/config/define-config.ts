import type { DbwardConfig } from './config-schema.js';

/** defineConfig types a `dbward.config.ts` default export; it returns the config unchanged. */
export function defineConfig(config: DbwardConfig): DbwardConfig {
  return config;
}
