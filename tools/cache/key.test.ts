import { describe, expect, it } from 'vitest';
import { cacheKey, cacheKeyPrefix, canonicalJson, encodeUserId, toolOfKey } from './key.js';
import type { CacheCall } from './types.js';

const flightCall: CacheCall = {
  tool: 'search_flights',
  dataType: 'flight_search',
  args: { origin: 'LON', destination: 'PAR', passengers: 2 },
};

describe('cacheKey', () => {
  it('ignores key order, case and whitespace', () => {
    const reordered = { passengers: 2, destination: '  par ', origin: 'Lon' };

    expect(cacheKey('ta', { ...flightCall, args: reordered })).toBe(cacheKey('ta', flightCall));
  });

  it('changes with the argument values', () => {
    const other = { ...flightCall, args: { ...(flightCall.args as object), passengers: 3 } };

    expect(cacheKey('ta', other)).not.toBe(cacheKey('ta', flightCall));
  });

  it('changes with tool, schema version and namespace', () => {
    const base = cacheKey('ta', flightCall);

    expect(cacheKey('ta', { ...flightCall, tool: 'search_stays' })).not.toBe(base);
    expect(cacheKey('ta', { ...flightCall, schemaVersion: 2 })).not.toBe(base);
    expect(cacheKey('other', flightCall)).not.toBe(base);
  });

  it('puts the parts in a fixed layout', () => {
    const key = cacheKey('ta', { ...flightCall, schemaVersion: 3 });

    expect(key).toMatch(/^ta:g:search_flights:v3:[0-9a-f]{32}$/);
  });

  it('places per-user keys under the user prefix', () => {
    const key = cacheKey('ta', { ...flightCall, userId: 'ann@example.com' });

    expect(key.startsWith(cacheKeyPrefix('ta', { userId: 'ann@example.com' }))).toBe(true);
    expect(
      key.startsWith(cacheKeyPrefix('ta', { userId: 'ann@example.com', tool: 'search_flights' })),
    ).toBe(true);
    expect(key).not.toBe(cacheKey('ta', flightCall));
  });

  it('rejects tool names that break the layout', () => {
    expect(() => cacheKey('ta', { ...flightCall, tool: 'search:flights' })).toThrow(/Invalid tool/);
    expect(() => cacheKey('ta', { ...flightCall, tool: '' })).toThrow(/Invalid tool/);
  });

  it('rejects a bad schema version', () => {
    expect(() => cacheKey('ta', { ...flightCall, schemaVersion: 1.5 })).toThrow(/schemaVersion/);
  });
});

describe('toolOfKey', () => {
  it('reads the tool from global and per-user keys', () => {
    expect(toolOfKey('ta', cacheKey('ta', flightCall))).toBe('search_flights');
    expect(toolOfKey('ta', cacheKey('ta', { ...flightCall, userId: 'a:b' }))).toBe(
      'search_flights',
    );
  });

  it('returns undefined for other keys', () => {
    expect(toolOfKey('ta', 'ta:lock:g:search_flights:v1:abc')).toBeUndefined();
    expect(toolOfKey('other', cacheKey('ta', flightCall))).toBeUndefined();
  });
});

describe('encodeUserId', () => {
  it('removes colons and glob characters', () => {
    const encoded = encodeUserId('a:b*c?[d]\\e');

    expect(encoded).not.toMatch(/[:*?[\]\\]/);
  });

  it('keeps distinct ids distinct', () => {
    expect(encodeUserId('a:b')).not.toBe(encodeUserId('a%3Ab'));
  });

  it('rejects an empty id', () => {
    expect(() => encodeUserId('')).toThrow(/empty/);
  });
});

describe('canonicalJson', () => {
  it('sorts nested keys and drops undefined fields', () => {
    const json = canonicalJson({ b: { y: 1, x: 2 }, a: undefined, c: [{ z: 1, w: 2 }] });

    expect(json).toBe('{"b":{"x":2,"y":1},"c":[{"w":2,"z":1}]}');
  });

  it('keeps array order', () => {
    expect(canonicalJson(['b', 'a'])).not.toBe(canonicalJson(['a', 'b']));
  });

  it('collapses inner whitespace and folds case', () => {
    expect(canonicalJson({ city: ' New   York\t' })).toBe(canonicalJson({ city: 'new york' }));
  });

  it('keeps numbers apart from their string form', () => {
    expect(canonicalJson({ n: 1 })).not.toBe(canonicalJson({ n: '1' }));
  });

  it('rejects circular arguments', () => {
    const args: Record<string, unknown> = {};
    args.self = args;

    expect(() => canonicalJson(args)).toThrow(/circular/);
  });

  it('accepts shared non-circular references', () => {
    const shared = { a: 1 };

    expect(canonicalJson({ x: shared, y: shared })).toBe('{"x":{"a":1},"y":{"a":1}}');
  });

  it('keeps a __proto__ property', () => {
    const rome = JSON.parse('{"q":"stays","__proto__":{"city":"rome"}}');
    const oslo = JSON.parse('{"q":"stays","__proto__":{"city":"oslo"}}');

    expect(canonicalJson(rome)).toBe('{"__proto__":{"city":"rome"},"q":"stays"}');
    expect(canonicalJson(oslo)).not.toBe(canonicalJson(rome));
    expect(canonicalJson(rome)).not.toBe(canonicalJson({ q: 'stays' }));
  });

  it('rejects functions', () => {
    expect(() => canonicalJson({ callback: () => 1 })).toThrow(/function/);
  });
});
