/** dbward's public API: the library is the product; the CLI and MCP server are fronts on it. */
export * from './config/index.js';
export * from './db/index.js';
export * from './errors/index.js';
export * from './migrations/index.js';
