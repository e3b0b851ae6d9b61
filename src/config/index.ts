export type { DbwardConfig, RuleSeverity, ServiceConfig } from './config-schema.js';
export { configSchema } from './config-schema.js';
export { defineConfig } from './define-config.js';
export { CONFIG_FILE_NAMES, findConfigFile } from './find-config-file.js';
export type { InitProjectOptions, InitProjectResult } from './init-project.js';
export { initProject } from './init-project.js';
export type { LoadConfigOptions } from './load-config.js';
export { loadConfig, resolveConfig } from './load-config.js';
export type { DatabaseTarget, ResolvedConfig, ResolvedService } from './resolved-config.js';
