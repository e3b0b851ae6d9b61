import { runTimed } from '../run-timed.mjs';

/** psqlEnv passes the connection through libpq's variables so no password lands on a command line. */
export function psqlEnv(url) {
  const u = new URL(url);
  return {
    PGHOST: u.hostname,
    PGPORT: u.port || '5432',
    PGUSER: decodeURIComponent(u.username),
    PGPASSWORD: decodeURIComponent(u.password),
    PGDATABASE: u.pathname.slice(1),
  };
}

/**
 * floorTool is the least work possible: every up section (then every down section, reversed)
 * concatenated into one script and run by `psql -1 -f` in a single transaction.
 */
export const floorTool = {
  name: 'psql -1 -f (floor)',
  key: 'floor',
  historyTable: null,
  up: ({ url, files }) => psql(url, files.floorUp),
  down: ({ url, files }) => psql(url, files.floorDown),
};

function psql(url, file) {
  return runTimed('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-1', '-f', file], { env: psqlEnv(url) });
}
