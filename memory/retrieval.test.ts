import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { silentLogger } from '../agent/logger.js';
import { toVectorLiteral } from './content.js';
import { migrate } from './migrations.js';
import { createOfflineEmbedder, embedText } from './offline-embedder.js';
import { rankByText, rankByVector, type HybridQuery } from './retrieval.js';
import { createPGliteClient, type SqlClient, type SqlExecutor } from './sql-client.js';
import { MEMORIES_LABEL, MemoryStore } from './store.js';

const embedder = createOfflineEmbedder();
const MIN_SCORE = 0.25;

let dataDir: string;
let client: SqlClient;
/** The store as the server opens it: exact scans for users up to 5,000 rows. */
let store: MemoryStore;
/** The same database with an exact-scan threshold of 5 rows, so ordinary users take the HNSW path. */
let hnswStore: MemoryStore;

async function openAll() {
  client = await createPGliteClient(path.join(dataDir, 'memory'));
  await migrate(client, embedder, silentLogger);
  store = new MemoryStore(client, embedder, silentLogger);
  hnswStore = new MemoryStore(client, embedder, silentLogger, { exactScanMaxRows: 5 });
}

function hybridQuery(userId: string, text: string, exactScanMaxRows?: number): HybridQuery {
  return {
    userId,
    namespacePrefix: [userId, MEMORIES_LABEL],
    vectorLiteral: toVectorLiteral(embedText(text)),
    queryText: text,
    limit: 10,
    minScore: MIN_SCORE,
    exactScanMaxRows,
  };
}

/** Runs work in one transaction and records every statement it sends. */
async function recordStatements<T>(work: (tx: SqlExecutor) => Promise<T>) {
  const statements: string[] = [];
  const result = await client.transaction((tx) =>
    work({
      query: (sql, params) => {
        statements.push(sql);
        return tx.query(sql, params);
      },
    }),
  );
  return { result, statements };
}

async function textsOf(userId: string, ids: string[]): Promise<string[]> {
  const byId = new Map((await store.list(userId)).map((memory) => [memory.id, memory.text]));
  return ids.map((id) => byId.get(id) ?? `(not ${userId}'s: ${id})`);
}

/** Sample crowd: 400 rows over 20 users, all about seats, so they sit near seat queries. */
async function rememberCrowd() {
  for (let user = 0; user < 20; user++) {
    await store.remember(
      `crowd-${user}`,
      Array.from({ length: 20 }, (_, i) => ({
        kind: 'fact' as const,
        topic: 'seat',
        text: `Sample ${user}-${i}: window seat, aisle seat or exit row seat on flight ${i}`,
      })),
    );
  }
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'memory-retrieval-'));
  await openAll();
  await rememberCrowd();
  await store.remember('gina', [
    { kind: 'fact', topic: 'loyalty', text: 'Velvetine gold status 4471' },
    { kind: 'preference', topic: 'diet', text: "I'm vegetarian" },
    { kind: 'preference', topic: 'seat', text: 'I prefer aisle seats' },
    { kind: 'fact', topic: 'companions', text: 'I travel with my sister' },
    { kind: 'trip', topic: 'trip', text: 'Lisbon in May with my sister' },
    { kind: 'fact', topic: 'home_airport', text: 'I fly out of Porto' },
    { kind: 'preference', topic: 'lodging', text: 'Quiet rooms away from the lift' },
    { kind: 'fact', topic: 'accessibility', text: 'My sister needs step free access' },
    { kind: 'preference', topic: 'budget', text: 'Hotels under 150 euros a night' },
    { kind: 'fact', topic: 'activities', text: 'I love jazz bars and museums' },
  ]);
}, 120_000);

afterAll(async () => {
  await client?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('hybrid retrieval', () => {
  it('finds an exact name the embedder misses', async () => {
    const query = hybridQuery('gina', 'show the Velvetine card at check-in for the Oslo booking');

    const byVector = await client.transaction((tx) => rankByVector(tx, query, 40));
    const byText = await client.transaction((tx) => rankByText(tx, query, 40));
    const recalled = await store.recall('gina', query.queryText);

    expect(
      await textsOf(
        'gina',
        byVector.map((hit) => hit.id),
      ),
    ).not.toContain('Velvetine gold status 4471');
    expect(
      await textsOf(
        'gina',
        byText.map((hit) => hit.id),
      ),
    ).toContain('Velvetine gold status 4471');
    expect(recalled.map((memory) => memory.text)).toContain('Velvetine gold status 4471');
  });

  it('finds a paraphrase full text misses', async () => {
    const query = hybridQuery('gina', 'what food do I avoid?');

    const byVector = await client.transaction((tx) => rankByVector(tx, query, 40));
    const byText = await client.transaction((tx) => rankByText(tx, query, 40));
    const [first] = await store.recall('gina', query.queryText);

    expect(
      await textsOf(
        'gina',
        byVector.map((hit) => hit.id),
      ),
    ).toContain("I'm vegetarian");
    expect(
      await textsOf(
        'gina',
        byText.map((hit) => hit.id),
      ),
    ).not.toContain("I'm vegetarian");
    expect(first.text).toBe("I'm vegetarian");
  });
});

describe('vector ranking above the exact-scan threshold', () => {
  it('takes the HNSW path for a large user', async () => {
    const { result, statements } = await recordStatements((tx) =>
      rankByVector(tx, hybridQuery('gina', 'which seat do I like?', 5), 10),
    );

    expect(statements.some((sql) => sql.includes('hnsw.iterative_scan'))).toBe(true);
    expect(result.length).toBeGreaterThan(0);
  });

  it('uses the HNSW index in that plan', async () => {
    const { result } = await recordStatements(async (tx) => {
      await tx.query('SET LOCAL hnsw.iterative_scan = relaxed_order');
      // Sorting 600 rows is cheap, so sorts are disabled here to make the planner show its index plan.
      await tx.query('SET LOCAL enable_sort = off');
      return tx.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN SELECT id FROM memories WHERE user_id = $2 AND embedding IS NOT NULL
         ORDER BY embedding <=> $1::vector LIMIT 10`,
        [toVectorLiteral(embedText('seat')), 'gina'],
      );
    });

    expect(result.rows.map((row) => row['QUERY PLAN']).join('\n')).toContain(
      'memories_embedding_idx',
    );
  });

  it('returns only that user’s rows', async () => {
    const crowdIds = new Set<string>();
    for (let user = 0; user < 20; user++) {
      for (const memory of await store.list(`crowd-${user}`)) crowdIds.add(memory.id);
    }

    const recalled = await hnswStore.recall('gina', 'window seat or aisle seat', {
      limit: 10,
      minScore: -1,
    });
    const ginaIds = new Set((await store.list('gina')).map((memory) => memory.id));

    expect(recalled).toHaveLength(10);
    expect(recalled.every((memory) => ginaIds.has(memory.id))).toBe(true);
    expect(recalled.some((memory) => crowdIds.has(memory.id))).toBe(false);
    expect(recalled[0].text).toBe('I prefer aisle seats');
  });

  it('gives a 10-memory user all 10 among many others', async () => {
    const ginaIds = (await store.list('gina')).map((memory) => memory.id).sort();

    const fromHnsw = await hnswStore.recall('gina', 'seat', { limit: 10, minScore: -1 });
    const fromExact = await store.recall('gina', 'seat', { limit: 10, minScore: -1 });

    expect(fromHnsw.map((memory) => memory.id).sort()).toEqual(ginaIds);
    expect(fromExact.map((memory) => memory.id).sort()).toEqual(ginaIds);
  });
});

describe('deletion and restart', () => {
  it('drops a forgotten memory from recall at once', async () => {
    await store.remember('hugo', [
      { kind: 'preference', topic: 'cabin', text: 'I fly premium economy' },
      { kind: 'fact', topic: 'loyalty', text: 'My Flying Blue number is 1234' },
    ]);
    const [cabin] = await store.recall('hugo', 'which cabin class?');

    const removed = await store.forget('hugo', { ids: [cabin.id] });
    const exactAfter = await store.recall('hugo', 'which cabin class?', { minScore: -1 });
    const hnswAfter = await hnswStore.recall('hugo', 'which cabin class?', { minScore: -1 });

    expect(cabin.text).toBe('I fly premium economy');
    expect(removed).toBe(1);
    expect(exactAfter.map((memory) => memory.id)).not.toContain(cabin.id);
    expect(hnswAfter.map((memory) => memory.id)).not.toContain(cabin.id);
    expect(exactAfter.map((memory) => memory.text)).toEqual(['My Flying Blue number is 1234']);
  });

  it('recalls by vector and by name after a restart', async () => {
    await client.close();
    await openAll();

    const [byMeaning] = await store.recall('gina', 'what food do I avoid?');
    const byName = await hnswStore.recall('gina', 'show the Velvetine card at check-in');

    expect(byMeaning.text).toBe("I'm vegetarian");
    expect(byName.map((memory) => memory.text)).toContain('Velvetine gold status 4471');
  });
});
