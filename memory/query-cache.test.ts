import { describe, expect, it } from 'vitest';

import { QueryVectorCache } from './query-cache.js';
import type { Embedder } from './types.js';

/** An embedder that records every text it embeds and fails on texts starting with "fail". */
function countingEmbedder() {
  const embedded: string[] = [];
  const embedder: Embedder = {
    dimension: 2,
    name: 'counting',
    async embed(texts) {
      embedded.push(...texts);
      if (texts.some((text) => text.startsWith('fail'))) throw new Error('embedding failed');
      return texts.map((text) => [text.length, 1]);
    },
  };
  return { embedder, embedded };
}

describe('QueryVectorCache', () => {
  it('embeds a repeated query once', async () => {
    const { embedder, embedded } = countingEmbedder();
    const cache = new QueryVectorCache(embedder, 4);

    const first = await cache.get('aisle seat');
    const second = await cache.get('aisle seat');

    expect(first).toBe('[10,1]');
    expect(second).toBe(first);
    expect(embedded).toEqual(['aisle seat']);
  });

  it('evicts the least recently used query', async () => {
    const { embedder, embedded } = countingEmbedder();
    const cache = new QueryVectorCache(embedder, 2);

    await cache.get('a');
    await cache.get('bb');
    await cache.get('a');
    await cache.get('ccc');
    await cache.get('a');
    await cache.get('bb');

    expect(embedded).toEqual(['a', 'bb', 'ccc', 'bb']);
  });

  it('retries a query whose embedding failed', async () => {
    const { embedder, embedded } = countingEmbedder();
    const cache = new QueryVectorCache(embedder, 4);

    await expect(cache.get('fail once')).rejects.toThrow('embedding failed');
    await expect(cache.get('fail once')).rejects.toThrow('embedding failed');

    expect(embedded).toEqual(['fail once', 'fail once']);
  });

  it('caches nothing with capacity 0', async () => {
    const { embedder, embedded } = countingEmbedder();
    const cache = new QueryVectorCache(embedder, 0);

    await cache.get('a');
    await cache.get('a');

    expect(embedded).toEqual(['a', 'a']);
  });
});
