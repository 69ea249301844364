import { describe, expect, it } from 'vitest';
import { decodeEntry, encodeEntry, readEntryExpiry } from './entry.js';

describe('entry encoding', () => {
  it('round-trips a value and its expiry', () => {
    const stored = encodeEntry({ fares: [1, 2], note: 'a "quoted" text' }, 1_700_000_000_000);

    expect(decodeEntry(stored ?? '')).toEqual({
      value: { fares: [1, 2], note: 'a "quoted" text' },
      expiresAt: 1_700_000_000_000,
    });
  });

  it('keeps null and false as values', () => {
    expect(decodeEntry(encodeEntry(null, 1) ?? '')?.value).toBeNull();
    expect(decodeEntry(encodeEntry(false, 1) ?? '')?.value).toBe(false);
  });

  it('returns undefined for a value without JSON form', () => {
    expect(encodeEntry(undefined, 1)).toBeUndefined();
  });

  it('throws for a value JSON cannot encode', () => {
    expect(() => encodeEntry({ big: 1n }, 1)).toThrow(TypeError);
  });

  it('rejects anything that is not an entry', () => {
    const garbage = [
      '',
      '{not json',
      '"just a string"',
      '[1,2]',
      'null',
      '{"value":1,"expiresAt":1}',
      '{"toolCache":2,"value":1,"expiresAt":1}',
      '{"toolCache":1,"expiresAt":1}',
      '{"toolCache":1,"value":1,"expiresAt":"soon"}',
    ];
    for (const stored of garbage) expect(decodeEntry(stored), stored).toBeUndefined();
  });

  it('reads the expiry from the header alone', () => {
    const stored = encodeEntry({ fares: [1] }, 1_700_000_000_123) ?? '';

    expect(readEntryExpiry(stored)).toBe(1_700_000_000_123);
    expect(readEntryExpiry(`{"toolCache":1,"expiresAt":5,"value":{broken}`)).toBe(5);
  });

  it('rejects texts without an entry header', () => {
    const garbage = [
      '',
      '{not json',
      '{"toolCache":2,"expiresAt":1,"value":1}',
      '{"toolCache":1,"expiresAt":"soon","value":1}',
      '{"toolCache":1,"expiresAt":1,"value":1',
      ' {"toolCache":1,"expiresAt":1,"value":1}',
    ];
    for (const stored of garbage) expect(readEntryExpiry(stored), stored).toBeUndefined();
  });
});
