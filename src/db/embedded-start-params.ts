import { PGlite } from '@electric-sql/pglite';

/**
 * The embedded server's start parameters: PGlite's own, plus settings sized for what it is, one
 * process with one session and a developer's data. initdb's defaults (128MB of shared buffers,
 * 100 connections) are laid out in WebAssembly memory at every start: opening an existing data
 * directory took 795-930 ms with them and 603-687 ms with these (6 runs each, alternating).
 */
export const EMBEDDED_START_PARAMS: readonly string[] = [
  ...PGlite.defaultStartParams,
  '-c',
  'shared_buffers=16MB',
  '-c',
  'max_connections=10',
];
