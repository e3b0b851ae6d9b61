import { describe, expect, it } from 'vitest';
import { jsonErrorOffset } from './json-error-offset.js';

describe('jsonErrorOffset', () => {
  it('is null for JSON', () => {
    for (const text of [
      '{}',
      ' [ ] ',
      '{"a": [1, -2.5e+3, 0, true, false, null, "x\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9y"], "b": {"c": {}}}\n',
      '"\uD800"',
      '-0.0E-0',
    ]) {
      expect(() => JSON.parse(text)).not.toThrow();
      expect(jsonErrorOffset(text)).toBeNull();
    }
  });

  it('agrees with JSON.parse wherever JSON.parse gives a position', () => {
    const texts = [
      '{\n  "services": {\n    "a": {},\n  }\n}\n',
      '{"a" 1}',
      '{"a": 1 "b": 2}',
      '{"a": 01}',
      '{"a": -}',
      '{"a": 1.}',
      '{"a": 1e}',
      '{"a": "\\q"}',
      '{"a": "\\u12g4"}',
      '{"a": "x\ty"}',
      '{"a": "unterminated',
      '{"a": 1}\n}',
      '[1, 2',
      '{a: 1}',
      "{'a': 1}",
      '{"a": 1, // comment\n}',
    ];
    for (const text of texts) {
      let message = '';
      try {
        JSON.parse(text);
      } catch (error) {
        message = (error as Error).message;
      }
      const position = / at position (\d+)/.exec(message);
      expect(position, `${JSON.stringify(text)}: ${message}`).not.toBeNull();
      expect(jsonErrorOffset(text), JSON.stringify(text)).toBe(Number(position?.[1]));
    }
  });

  it('places the errors JSON.parse gives no position for', () => {
    expect(jsonErrorOffset('')).toBe(0);
    expect(jsonErrorOffset('{"a": tru}')).toBe(9);
    expect(jsonErrorOffset('{"a": \'x\'}')).toBe(6);
    expect(jsonErrorOffset('[1, ]')).toBe(4);
    expect(jsonErrorOffset('{"a": [1, ')).toBe(10);
    expect(jsonErrorOffset('\uFEFF{}')).toBe(0);
  });
});
