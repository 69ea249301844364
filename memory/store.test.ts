import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { silentLogger } from '../agent/logger.js';
import { ToolError } from '../tools/types.js';
import { createOfflineEmbedder, embedText } from './offline-embedder.js';
import { openMemoryStore } from './open.js';
import type { MemoryStore } from './store.js';
import { MemoryStoreError, type Embedder } from './types.js';

/** Creates another vector space for the mismatch and re-embed tests by folding offline vectors. */
function createFoldedEmbedder(dimension = 64, options: { failing?: boolean } = {}): Embedder {
  return {
    dimension,
    name: `test-folded-${dimension}`,
    async embed(texts) {
      if (options.failing) throw new Error('embeddings endpoint down');
      return texts.map((text) => {
        const folded = new Array<number>(dimension).fill(0);
        embedText(text).forEach((value, i) => (folded[i % dimension] += value));
        const length = Math.hypot(...folded) || 1;
        return folded.map((value) => value / length);
      });
    },
  };
}

let dataDir: string;
let store: MemoryStore;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'memory-store-'));
  store = await openMemoryStore({
    dataDir,
    embedder: createOfflineEmbedder(),
    logger: silentLogger,
  });
});

afterAll(async () => {
  await store?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('MemoryStore as a LangGraph store', () => {
  it('puts and gets an item', async () => {
    await store.put(['alice', 'notes'], 'jazz', {
      text: 'Likes jazz bars in New Orleans',
      rating: 5,
    });

    const item = await store.get(['alice', 'notes'], 'jazz');

    expect(item?.value).toEqual({ text: 'Likes jazz bars in New Orleans', rating: 5 });
    expect(item?.namespace).toEqual(['alice', 'notes']);
    expect(item?.createdAt).toBeInstanceOf(Date);
    expect(await store.get(['alice', 'notes'], 'missing')).toBeNull();
  });

  it('overwrites on put and removes on delete', async () => {
    await store.put(['alice', 'notes'], 'temp', { text: 'first' });
    await store.put(['alice', 'notes'], 'temp', { text: 'second' });

    expect((await store.get(['alice', 'notes'], 'temp'))?.value).toEqual({ text: 'second' });

    await store.delete(['alice', 'notes'], 'temp');

    expect(await store.get(['alice', 'notes'], 'temp')).toBeNull();
  });

  it('searches by filter and by query', async () => {
    await store.batch([
      {
        namespace: ['alice', 'places'],
        key: 'p1',
        value: { text: 'Loved the Prado museum in Madrid', rating: 5 },
      },
      {
        namespace: ['alice', 'places'],
        key: 'p2',
        value: { text: 'The hostel in Porto was noisy', rating: 2 },
      },
      {
        namespace: ['alice', 'places'],
        key: 'p3',
        value: { text: 'Beach days in Lagos were great', rating: 4 },
      },
    ]);

    const wellRated = await store.search(['alice', 'places'], { filter: { rating: { $gte: 4 } } });
    const exact = await store.search(['alice', 'places'], { filter: { rating: 2 } });
    const museums = await store.search(['alice', 'places'], { query: 'art museums' });

    expect(wellRated.map((item) => item.key).sort()).toEqual(['p1', 'p3']);
    expect(exact.map((item) => item.key)).toEqual(['p2']);
    expect(museums[0].key).toBe('p1');
    expect(museums[0].score).toBeGreaterThan(0.25);
  });

  it('pages search results', async () => {
    const firstPage = await store.search(['alice', 'places'], { limit: 2 });
    const secondPage = await store.search(['alice', 'places'], { limit: 2, offset: 2 });

    expect(firstPage).toHaveLength(2);
    expect(secondPage).toHaveLength(1);
    expect(secondPage[0].key).not.toBe(firstPage[0].key);
  });

  it('skips the embedding when index is false', async () => {
    await store.put(['alice', 'raw'], 'blob', { text: 'aisle seats near the front' }, false);

    const found = await store.search(['alice', 'raw'], { query: 'which seat' });

    expect(await store.get(['alice', 'raw'], 'blob')).not.toBeNull();
    expect(found.every((item) => item.score === undefined)).toBe(true);
  });

  it('lists namespaces of one user', async () => {
    await store.put(['bob', 'notes'], 'n1', { text: 'Bob note' });

    const all = await store.listNamespaces({ prefix: ['alice'] });
    const shallow = await store.listNamespaces({ prefix: ['alice'], maxDepth: 1 });
    const bySuffix = await store.listNamespaces({ prefix: ['alice'], suffix: ['places'] });

    expect(all).toEqual([
      ['alice', 'notes'],
      ['alice', 'places'],
      ['alice', 'raw'],
    ]);
    expect(shallow).toEqual([['alice']]);
    expect(bySuffix).toEqual([['alice', 'places']]);
  });

  it('rejects operations without a user', async () => {
    await expect(store.search([], { query: 'anything' })).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(store.listNamespaces({})).rejects.toMatchObject({ code: 'forbidden' });
    await expect(store.listNamespaces({ prefix: ['*'] })).rejects.toMatchObject({
      code: 'forbidden',
    });
  });
});

describe('remember and recall', () => {
  it('recalls diet memories for a food question', async () => {
    const outcome = await store.remember('carol', [
      { kind: 'preference', topic: 'diet', text: "I'm vegetarian" },
      { kind: 'fact', topic: 'diet', text: "I don't eat meat" },
      { kind: 'preference', topic: 'seat', text: 'I prefer aisle seats' },
    ]);

    const recalled = await store.recall('carol', 'what do you know about my food preferences?');
    const texts = recalled.map((memory) => memory.text);

    expect(outcome).toEqual({ stored: 3, replaced: 0, duplicates: 0 });
    expect(texts.slice(0, 2).sort()).toEqual(["I don't eat meat", "I'm vegetarian"]);
    const seatRank = texts.indexOf('I prefer aisle seats');
    expect(seatRank === -1 || seatRank > 1).toBe(true);
  });

  it('recalls the seat preference for a seat question', async () => {
    const [first] = await store.recall('carol', 'which seat should I book for her?');

    expect(first.text).toBe('I prefer aisle seats');
    expect(first.kind).toBe('preference');
    expect(first.topic).toBe('seat');
  });

  it('drops repeats by content hash', async () => {
    const outcome = await store.remember('carol', [
      { kind: 'fact', topic: 'diet', text: "i don't eat meat." },
      { kind: 'fact', topic: 'diet', text: "I don't eat MEAT" },
    ]);

    expect(outcome).toEqual({ stored: 0, replaced: 0, duplicates: 2 });
    expect(await store.list('carol')).toHaveLength(3);
  });

  it('replaces a preference of the same topic', async () => {
    const before = (await store.list('carol')).find((memory) => memory.topic === 'seat');

    const outcome = await store.remember('carol', [
      { kind: 'preference', topic: 'seat', text: 'I now prefer window seats' },
    ]);
    const seats = (await store.list('carol')).filter((memory) => memory.topic === 'seat');
    const [recalled] = await store.recall('carol', 'seat');

    expect(outcome).toEqual({ stored: 0, replaced: 1, duplicates: 0 });
    expect(seats.map((memory) => memory.text)).toEqual(['I now prefer window seats']);
    expect(seats[0].id).toBe(before?.id);
    expect(recalled.text).toBe('I now prefer window seats');
  });

  it('keeps facts of one topic side by side', async () => {
    await store.remember('carol', [
      { kind: 'fact', topic: 'diet', text: 'I do not eat shellfish' },
    ]);

    const diet = (await store.list('carol')).filter((memory) => memory.topic === 'diet');

    expect(diet).toHaveLength(3);
  });

  it('finds exact names by full text when vectors fall below the floor', async () => {
    await store.remember('carol', [
      { kind: 'fact', topic: 'loyalty', text: 'My Marriott Bonvoy number is 8812' },
    ]);

    const vectorOnly = await store.recall('carol', 'hotel chain Bonvoy', { minScore: 1.01 });

    expect(vectorOnly.map((memory) => memory.text)).toEqual(['My Marriott Bonvoy number is 8812']);
  });

  it('filters by kind', async () => {
    const facts = await store.recall('carol', 'what do I eat', { kinds: ['fact'] });

    expect(facts.length).toBeGreaterThan(0);
    expect(facts.every((memory) => memory.kind === 'fact')).toBe(true);
  });

  it('stores memories through BaseStore search', async () => {
    const items = await store.search(['carol', 'memories'], { query: 'food' });

    expect(items.length).toBeGreaterThan(0);
    expect(items[0].value).toMatchObject({ kind: expect.any(String), text: expect.any(String) });
  });

  it('serialises concurrent writes of one text', async () => {
    const memory = { kind: 'fact' as const, topic: 'companions', text: 'I travel with my dog' };

    const outcomes = await Promise.all(
      Array.from({ length: 10 }, () => store.remember('carol', [memory])),
    );

    expect(outcomes.reduce((sum, outcome) => sum + outcome.stored, 0)).toBe(1);
    expect(outcomes.reduce((sum, outcome) => sum + outcome.duplicates, 0)).toBe(9);
  });

  it('rejects invalid input', async () => {
    await expect(store.recall('a.b', 'seat')).rejects.toBeInstanceOf(ToolError);
    await expect(store.remember('', [])).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(
      store.remember('carol', [{ kind: 'wish' as never, topic: 'x', text: 'y' }]),
    ).rejects.toThrow(/Invalid memory kind "wish"/);
    await expect(store.forget('carol', { ids: ['not-a-uuid'] })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await expect(store.forget('carol', {})).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('returns an empty list for an empty query', async () => {
    expect(await store.recall('carol', '   ')).toEqual([]);
  });
});

describe('privacy between users', () => {
  it('never returns another user’s rows', async () => {
    await store.remember('dave', [{ kind: 'preference', topic: 'diet', text: 'I am vegan' }]);
    const [daveMemory] = await store.list('dave');

    const carolRecall = await store.recall('carol', 'vegan', { minScore: -1 });
    const carolSearch = await store.search(['carol'], { query: 'vegan', limit: 100 });
    const carolGet = await store.get(['carol', 'memories'], daveMemory.id);
    const forgotten = await store.forget('carol', { ids: [daveMemory.id] });

    expect(carolRecall.map((memory) => memory.id)).not.toContain(daveMemory.id);
    expect(carolSearch.map((item) => item.key)).not.toContain(daveMemory.id);
    expect(carolGet).toBeNull();
    expect(forgotten).toBe(0);
    expect(await store.list('dave')).toHaveLength(1);
  });

  it('recalls a small user with the exact scan', async () => {
    const recalled = await store.recall('carol', 'window seat');

    expect(recalled.map((memory) => memory.text)).toContain('I now prefer window seats');
  });
});

describe('vector search on the large-user path', () => {
  let crowdDir: string;
  let crowdStore: MemoryStore;

  beforeAll(async () => {
    crowdDir = await mkdtemp(path.join(tmpdir(), 'memory-crowd-'));
    // With no exact-scan allowance every query takes the path meant for users with many rows.
    crowdStore = await openMemoryStore({
      dataDir: crowdDir,
      embedder: createOfflineEmbedder(),
      logger: silentLogger,
      exactScanMaxRows: 0,
    });
  });

  afterAll(async () => {
    await crowdStore?.close();
    await rm(crowdDir, { recursive: true, force: true });
  });

  it('does not starve a small user among many rows', async () => {
    const crowd = Array.from({ length: 300 }, (_, i) => ({
      kind: 'fact' as const,
      topic: 'note',
      text: `Sample note ${i}: a window seat on flight ${i}`,
    }));
    await crowdStore.remember('crowd', crowd);
    await crowdStore.remember('frank', [
      { kind: 'preference', topic: 'seat', text: 'I prefer aisle seats' },
    ]);

    // Every crowd row is closer to the query than frank's, and "window" is not in his text, so a
    // top-k taken before the user filter would return none of his rows.
    const recalled = await crowdStore.recall('frank', 'window', { limit: 5 });

    expect(recalled.map((memory) => memory.text)).toEqual(['I prefer aisle seats']);
  });
});

describe('forget', () => {
  it('forgets the closest memory for a query', async () => {
    const removed = await store.forget('carol', { query: 'forget that I am vegetarian' });
    const texts = (await store.list('carol')).map((memory) => memory.text);

    expect(removed).toBe(1);
    expect(texts).not.toContain("I'm vegetarian");
    expect(texts).toContain("I don't eat meat");
  });

  it('forgets by id', async () => {
    const [newest] = await store.list('carol');

    expect(await store.forget('carol', { ids: [newest.id] })).toBe(1);
    expect((await store.list('carol')).map((memory) => memory.id)).not.toContain(newest.id);
  });

  it('forgets everything of one user', async () => {
    const daveBefore = await store.list('dave');

    const removed = await store.forget('carol', { all: true });

    expect(removed).toBeGreaterThan(0);
    expect(await store.list('carol')).toEqual([]);
    expect(await store.list('dave')).toEqual(daveBefore);
  });
});

describe('lifecycle', () => {
  it('reports health', async () => {
    const health = await store.health();

    expect(health.status).toBe('ok');
    expect(health.backend).toBe('embedded-pglite');
    expect(health.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('keeps memories across a restart', async () => {
    await store.remember('erin', [
      { kind: 'preference', topic: 'cabin', text: 'I fly business class' },
    ]);
    await store.close();

    expect((await store.health()).status).toBe('down');
    await expect(store.list('erin')).rejects.toBeInstanceOf(MemoryStoreError);

    store = await openMemoryStore({
      dataDir,
      embedder: createOfflineEmbedder(),
      logger: silentLogger,
    });

    expect((await store.list('erin')).map((memory) => memory.text)).toEqual([
      'I fly business class',
    ]);
    expect((await store.get(['alice', 'notes'], 'jazz'))?.value.rating).toBe(5);
  });

  it('rejects an embedder of another dimension', async () => {
    await store.close();

    const error = await openMemoryStore({
      dataDir,
      embedder: createFoldedEmbedder(),
      logger: silentLogger,
    }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(MemoryStoreError);
    expect((error as MemoryStoreError).code).toBe('embedder_mismatch');
    expect((error as Error).message).toContain('dimension 256');
    expect((error as Error).message).toContain('reembed: true');
  });

  it('re-embeds every memory when asked', async () => {
    store = await openMemoryStore({
      dataDir,
      embedder: createFoldedEmbedder(),
      logger: silentLogger,
      reembed: true,
    });

    const [first] = await store.recall('erin', 'which cabin do I book?');

    expect(first.text).toBe('I fly business class');
    expect(first.score).toBeGreaterThan(0.25);
  });

  it('resumes a re-embedding cut short', async () => {
    await store.close();

    const failed = await openMemoryStore({
      dataDir,
      embedder: createFoldedEmbedder(32, { failing: true }),
      logger: silentLogger,
      reembed: true,
    }).catch((caught: unknown) => caught);
    store = await openMemoryStore({
      dataDir,
      embedder: createFoldedEmbedder(32),
      logger: silentLogger,
    });
    const [first] = await store.recall('erin', 'which cabin do I book?');

    expect(failed).toBeInstanceOf(MemoryStoreError);
    expect((failed as Error).message).toContain('embeddings endpoint down');
    expect(first.text).toBe('I fly business class');
  });
});
