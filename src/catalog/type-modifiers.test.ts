import { describe, expect, it } from 'vitest';
import { decodeTypeModifiers } from './type-modifiers.js';

// Typmods as Postgres stores them; the introspection test checks the same against real servers.
describe('decodeTypeModifiers', () => {
  it('reads lengths of character and bit types', () => {
    expect(decodeTypeModifiers('varchar', 259)).toEqual({ length: 255, scale: null });
    expect(decodeTypeModifiers('bpchar', 5)).toEqual({ length: 1, scale: null });
    expect(decodeTypeModifiers('varbit', 8)).toEqual({ length: 8, scale: null });
  });

  it('reads numeric precision and scale, including a negative scale', () => {
    expect(decodeTypeModifiers('numeric', (12 << 16) + 2 + 4)).toEqual({ length: 12, scale: 2 });
    expect(decodeTypeModifiers('numeric', (5 << 16) + (-2 & 0x7ff) + 4)).toEqual({ length: 5, scale: -2 });
  });

  it('reads fractional-seconds precision of time types and intervals', () => {
    expect(decodeTypeModifiers('timestamptz', 3)).toEqual({ length: 3, scale: null });
    expect(decodeTypeModifiers('time', 0)).toEqual({ length: 0, scale: null });
    expect(decodeTypeModifiers('interval', (0x7fff << 16) | 2)).toEqual({ length: 2, scale: null });
    expect(decodeTypeModifiers('interval', (0x7fff << 16) | 0xffff)).toEqual({ length: null, scale: null });
  });

  it('gives nulls for an unconstrained or unknown type', () => {
    expect(decodeTypeModifiers('varchar', -1)).toEqual({ length: null, scale: null });
    expect(decodeTypeModifiers('int4', -1)).toEqual({ length: null, scale: null });
    expect(decodeTypeModifiers('geometry', 1107460)).toEqual({ length: null, scale: null });
  });
});
