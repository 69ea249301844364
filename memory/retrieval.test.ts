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
import { userIndexName, userTextIndexName } from './user-index.js';

const embedder = createOfflineEmbedder();
const MIN_SCORE = 0.25;

let dataDir: string;
let client: SqlClient;
/** The store as the server opens it: exact scans for users up to 5,000 rows. */
let store: MemoryStore;
/** The same database with a threshold of 5 rows, so its writes give small users an index. */
let indexedStore: MemoryStore;

async function openAll() {
  client = await createPGliteClient(path.join(dataDir, 'memory'));
  await migrate(client, embedder, silentLogger);
  store = new MemoryStore(client, embedder, silentLogger);
  indexedStore = new MemoryStore(client, embedder, silentLogger, { exactScanMaxRows: 5 });
}

function hybridQuery(userId: string, text: string): HybridQuery {
  return {
    userId,
    namespacePrefix: [userId, MEMORIES_LABEL],
    vectorLiteral: toVectorLiteral(embedText(text)),
    dimension: embedder.dimension,
    queryText: text,
    limit: 10,
    minScore: MIN_SCORE,
  };
}

/** Wraps the client so that every statement sent, in or out of a transaction, is recorded. */
function recordingClient() {
  const statements: Array<{ sql: string; params?: unknown[] }> = [];
  const record = (executor: SqlExecutor): SqlExecutor => ({
    query: (sql, params) => {
      statements.push({ sql, params });
      return executor.query(sql, params);
    },
  });
  const recording: SqlClient = {
    ...client,
    query: (sql, params) => record(client).query(sql, params),
    transaction: (work) => client.transaction((tx) => work(record(tx))),
  };
  return { recording, statements };
}

/** Sample rows for ivan, who is written through `indexedStore` and so gets a user index. */
const ROUTE_NAMES = 'alpha bravo charlie delta echo foxtrot golf hotel india juliett kilo lima';
const IVAN_MEMORIES = ROUTE_NAMES.split(' ').map((route, i) => ({
  kind: 'fact' as const,
  topic: 'seat',
  text: `Sample ${i}: ${i % 2 === 0 ? 'aisle' : 'window'} seat on route ${route}`,
}));

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
  await indexedStore.remember('ivan', IVAN_MEMORIES);
}, 120_000);

afterAll(async () => {
  await client?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('hybrid retrieval', () => {
  it('finds an exact name the embedder misses', async () => {
    const query = hybridQuery('gina', 'show the Velvetine card at check-in for the Oslo booking');

    const byVector = await rankByVector(client, query, 40);
    const byText = await rankByText(client, query, 40);
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

    const byVector = await rankByVector(client, query, 40);
    const byText = await rankByText(client, query, 40);
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

describe('per-user vector index', () => {
  it('is built once a user passes the threshold', async () => {
    const registry = await client.query<{ user_id: string; index_name: string }>(
      'SELECT user_id, index_name FROM memory_user_indexes ORDER BY user_id',
    );
    const indexes = await client.query<{ indexname: string }>(
      `SELECT indexname FROM pg_indexes WHERE tablename = 'memories'`,
    );

    expect(registry.rows).toEqual([{ user_id: 'ivan', index_name: userIndexName('ivan') }]);
    expect(indexes.rows.map((row) => row.indexname)).toContain(userIndexName('ivan'));
    expect(indexes.rows.map((row) => row.indexname)).toContain(userTextIndexName('ivan'));
  });

  it('serves that user’s vector query', async () => {
    const { recording, statements } = recordingClient();
    await rankByVector(recording, hybridQuery('ivan', 'aisle seat'), 10);
    const indexed = statements.find((statement) => statement.sql.includes('l2_normalize'));
    const exactOnly = recordingClient();
    await rankByVector(exactOnly.recording, hybridQuery('gina', 'aisle seat'), 10);

    expect(indexed).toBeDefined();
    expect(exactOnly.statements.some((statement) => statement.sql.includes('l2_normalize'))).toBe(
      false,
    );
    const settings = statements.find((statement) => statement.sql.includes('set_config'));
    const plan = await client.transaction(async (tx) => {
      await tx.query(settings?.sql ?? '', settings?.params);
      return tx.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${indexed?.sql}`, indexed?.params);
    });
    expect(plan.rows.map((row) => row['QUERY PLAN']).join('\n')).toContain(userIndexName('ivan'));
  });

  it('returns all of an indexed user’s rows and no others', async () => {
    const ivanIds = (await store.list('ivan')).map((memory) => memory.id).sort();

    const recalled = await indexedStore.recall('ivan', 'window or aisle seat', {
      limit: 20,
      minScore: -1,
    });

    expect(recalled.map((memory) => memory.id).sort()).toEqual(ivanIds);
  });

  it('ranks an indexed user by vector and by name', async () => {
    const [first] = await store.recall('ivan', 'aisle seat on route echo', { limit: 3 });
    const [named] = await store.recall('ivan', 'juliett', { limit: 3, minScore: 0.99 });

    expect(first.text).toBe('Sample 4: aisle seat on route echo');
    expect(named.text).toBe('Sample 9: window seat on route juliett');
  });

  it('gives a 10-memory user all 10 by exact scan', async () => {
    const ginaIds = (await store.list('gina')).map((memory) => memory.id).sort();

    const fromIndexedStore = await indexedStore.recall('gina', 'seat', { limit: 10, minScore: -1 });
    const fromStore = await store.recall('gina', 'seat', { limit: 10, minScore: -1 });

    expect(fromIndexedStore.map((memory) => memory.id).sort()).toEqual(ginaIds);
    expect(fromStore.map((memory) => memory.id).sort()).toEqual(ginaIds);
  });

  it('is dropped when the user is forgotten', async () => {
    await indexedStore.remember('judy', IVAN_MEMORIES);
    const before = await client.query(`SELECT 1 FROM memory_user_indexes WHERE user_id = 'judy'`);

    await store.forget('judy', { all: true });
    const after = await client.query(`SELECT 1 FROM memory_user_indexes WHERE user_id = 'judy'`);
    const indexes = await client.query(`SELECT 1 FROM pg_indexes WHERE indexname = ANY($1)`, [
      [userIndexName('judy'), userTextIndexName('judy')],
    ]);

    expect(before.rows).toHaveLength(1);
    expect(after.rows).toHaveLength(0);
    expect(indexes.rows).toHaveLength(0);
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
    const hnswAfter = await indexedStore.recall('hugo', 'which cabin class?', { minScore: -1 });

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
    const byName = await indexedStore.recall('gina', 'show the Velvetine card at check-in');

    expect(byMeaning.text).toBe("I'm vegetarian");
    expect(byName.map((memory) => memory.text)).toContain('Velvetine gold status 4471');
  });
});
