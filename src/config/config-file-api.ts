/**
 * What a config file gets from `import ... from 'dbward'`: the config loader points `dbward` here
 * rather than at the whole library, whose import costs more than the rest of loading a config.
 */
export type { DbwardConfig, RuleSeverity, ServiceConfig } from './config-schema.js';
export { defineConfig } from './define-config.js';
