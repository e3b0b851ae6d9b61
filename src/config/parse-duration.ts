const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, min: 60_000 };

/** parseDuration reads a validated duration (`500`, `"500ms"`, `"5s"`, `"2m"`) as milliseconds. */
export function parseDuration(value: number | string): number {
  if (typeof value === 'number') return value;
  const match = /^(\d+)(ms|s|min|m)?$/.exec(value);
  if (!match) throw new Error(`not a duration: ${value}`);
  return Number(match[1]) * (UNIT_MS[match[2] ?? 'ms'] ?? 1);
}

/**
 * The largest duration PostgreSQL accepts for a millisecond setting such as lock_timeout (an int,
 * so INT_MAX): a larger one fails at the first migration, so the config refuses it.
 */
export const MAX_POSTGRES_DURATION_MS = 2_147_483_647;
