import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { testBackends } from '../../test/harness/backends.js';
import { escapeIdentifier, escapeLiteral } from './sql-quoting.js';

const SAMPLES = [
  'plain',
  'with space',
  'Mixed"Quote',
  "it's",
  'back\\slash',
  "both\\'",
  '',
  'ünïcode ☃',
  '""',
  "''",
];

describe('sql quoting', () => {
  it('quotes exactly as the pg driver does', () => {
    for (const sample of SAMPLES) {
      expect(escapeIdentifier(sample)).toBe(pg.escapeIdentifier(sample));
      expect(escapeLiteral(sample)).toBe(pg.escapeLiteral(sample));
    }
  });
});

for (const backend of testBackends()) {
  describe(`sql quoting on ${backend.name}`, () => {
    it('round-trips every sample through the server', async () => {
      const database = await backend.createDatabase();
      const db = await database.open();
      try {
        for (const sample of SAMPLES) {
          const result = await db.query<{ value: string; name: string }>(
            `SELECT ${escapeLiteral(sample)}::text AS value, ${escapeLiteral(sample)}::text AS ${escapeIdentifier(sample === '' ? 'x' : sample)}`,
          );
          expect(result.rows[0]?.value).toBe(sample);
        }
      } finally {
        await db.close();
        await database.drop();
      }
    });
  });
}
