import { describe, expect, it } from 'vitest';
import { MemoryLevel, deepFreeze } from './memory-level.js';

describe('MemoryLevel', () => {
  it('evicts the least recently used entry', () => {
    const memory = new MemoryLevel({ maxEntries: 2, maxBytes: 1_000_000 });
    memory.set('a', '"A"', 3, 60_000);
    memory.set('b', '"B"', 3, 60_000);
    memory.get('a');
    memory.set('c', '"C"', 3, 60_000);

    expect(memory.get('a')?.value).toBe('"A"');
    expect(memory.get('b')?.value).toBeUndefined();
    expect(memory.get('c')?.value).toBe('"C"');
  });

  it('expires entries after their TTL', () => {
    const clock = { now: 5_000 };
    const memory = new MemoryLevel({ maxEntries: 10, maxBytes: 1_000_000, now: () => clock.now });
    memory.set('a', '"A"', 3, 1_000);

    clock.now += 999;
    expect(memory.get('a')?.value).toBe('"A"');
    clock.now += 2;
    expect(memory.get('a')?.value).toBeUndefined();
  });

  it('bounds the stored bytes', () => {
    const memory = new MemoryLevel({ maxEntries: 100, maxBytes: 100 });
    memory.set('a', 'x'.repeat(30), 30, 60_000);
    memory.set('b', 'y'.repeat(30), 30, 60_000);

    expect(memory.get('a')?.value).toBeUndefined();
    expect(memory.get('b')?.value).toBe('y'.repeat(30));
  });

  it('skips an entry larger than the level', () => {
    const memory = new MemoryLevel({ maxEntries: 100, maxBytes: 10 });
    memory.set('big', 'z'.repeat(50), 50, 60_000);

    expect(memory.get('big')?.value).toBeUndefined();
    expect(memory.size).toBe(0);
  });

  it('skips an entry with no TTL left', () => {
    const memory = new MemoryLevel({ maxEntries: 10, maxBytes: 1_000 });
    memory.set('a', '"A"', 3, 0);

    expect(memory.get('a')?.value).toBeUndefined();
  });

  it('deletes matching keys and returns them', () => {
    const memory = new MemoryLevel({ maxEntries: 10, maxBytes: 1_000 });
    memory.set('ta:u:ann:x', '1', 1, 60_000);
    memory.set('ta:u:bob:x', '2', 1, 60_000);

    const removed = memory.deleteMatching((key) => key.startsWith('ta:u:ann:'));

    expect(removed).toEqual(['ta:u:ann:x']);
    expect(memory.get('ta:u:bob:x')?.value).toBe('2');
    expect(memory.size).toBe(1);
  });
});

describe('deepFreeze', () => {
  it('freezes nested objects and arrays', () => {
    const value = deepFreeze({ offers: [{ fare: 1 }], meta: { currency: 'EUR' } });

    expect(Object.isFrozen(value)).toBe(true);
    expect(Object.isFrozen(value.offers)).toBe(true);
    expect(Object.isFrozen(value.offers[0])).toBe(true);
    expect(Object.isFrozen(value.meta)).toBe(true);
    expect(() => value.offers.push({ fare: 2 })).toThrow(TypeError);
  });

  it('returns primitives unchanged', () => {
    expect(deepFreeze('fare')).toBe('fare');
    expect(deepFreeze(null)).toBeNull();
  });
});
