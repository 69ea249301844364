import { describe, expect, it } from 'vitest';
import { selectKeys, escapeGlob, parseInvalidationMessage } from './invalidation.js';
import { cacheKey } from './key.js';
import type { CacheCall } from './types.js';

const call: CacheCall = { tool: 'search_flights', dataType: 'flight_search', args: { to: 'PAR' } };
const stays: CacheCall = { tool: 'search_stays', dataType: 'stay_search', args: {} };

describe('selectKeys', () => {
  it('matches one tool for every user', () => {
    const selector = selectKeys('ta', { tool: 'search_flights' });

    expect(selector.matches(cacheKey('ta', call))).toBe(true);
    expect(selector.matches(cacheKey('ta', { ...call, userId: 'ann' }))).toBe(true);
    expect(selector.matches(cacheKey('ta', stays))).toBe(false);
    expect(selector.matches(cacheKey('ta', { ...stays, userId: 'ann' }))).toBe(false);
  });

  it('matches one user only', () => {
    const selector = selectKeys('ta', { userId: 'ann' });

    expect(selector.matches(cacheKey('ta', { ...call, userId: 'ann' }))).toBe(true);
    expect(selector.matches(cacheKey('ta', { ...call, userId: 'anna' }))).toBe(false);
    expect(selector.matches(cacheKey('ta', call))).toBe(false);
  });

  it('keeps other namespaces apart', () => {
    expect(selectKeys('ta', { tool: 'search_flights' }).matches(cacheKey('tb', call))).toBe(false);
  });

  it('escapes glob characters of a prefix', () => {
    expect(selectKeys('ta', { prefix: 'ta:g:*' }).patterns).toEqual(['ta:g:\\**']);
  });

  it('rejects a tool name with glob characters', () => {
    expect(() => selectKeys('ta', { tool: 'search*' })).toThrow(/Invalid tool/);
  });
});

describe('escapeGlob', () => {
  it('escapes every SCAN MATCH special character', () => {
    expect(escapeGlob('a*b?c[d]e\\f')).toBe('a\\*b\\?c\\[d\\]e\\\\f');
  });
});

describe('parseInvalidationMessage', () => {
  it('accepts a well-formed message', () => {
    const message = parseInvalidationMessage('{"origin":"p1","tool":"search_flights"}');

    expect(message).toEqual({ origin: 'p1', tool: 'search_flights' });
  });

  it('rejects malformed messages', () => {
    for (const text of ['', 'nope', 'null', '{"tool":"x"}', '{"origin":"p1","tool":5}']) {
      expect(parseInvalidationMessage(text), text).toBeUndefined();
    }
  });
});
