// Measures the pgvector memory store at scale on embedded PGlite and compares user-filtered
// search with LangGraph's PostgresStore on the same data.
// Run: npx tsx bench/memory.bench.ts [--users 1000] [--rows-per-user 100] [--heavy-rows 20000]
//        [--queries 300] [--maintenance-work-mem 1GB]
// Quick run: npx tsx bench/memory.bench.ts --users 50 --heavy-rows 8000 --queries 100
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { silentLogger } from '../agent/logger.js';
import { createOfflineEmbedder, embedText } from '../memory/offline-embedder.js';
import { buildVectorIndex, dropVectorIndex, migrate } from '../memory/migrations.js';
import { rankByVector } from '../memory/retrieval.js';
import { EXACT_SCAN_MAX_ROWS } from '../memory/user-index.js';
import { createPGliteClient, type SqlClient } from '../memory/sql-client.js';
import { MEMORIES_LABEL, MemoryStore } from '../memory/store.js';
import { toVectorLiteral } from '../memory/content.js';
import { createRandom, generateMemories, generateQuery } from './memory-data.js';
import {
  buildLangGraphIndex,
  dropLangGraphIndex,
  openLangGraphStore,
  type LangGraphStoreHandle,
} from './memory-langgraph.js';
import { mean, percentiles, recallAtK } from './memory-stats.js';

const { values: args } = parseArgs({
  options: {
    users: { type: 'string', default: '1000' },
    'rows-per-user': { type: 'string', default: '100' },
    'heavy-rows': { type: 'string', default: '20000' },
    queries: { type: 'string', default: '300' },
    'maintenance-work-mem': { type: 'string', default: '1GB' },
    'skip-langgraph': { type: 'boolean', default: false },
  },
});

function positiveInteger(name: string, value: string | undefined): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) {
    throw new Error(`Invalid --${name} "${value}": expected a positive integer.`);
  }
  return parsed;
}

const USERS = positiveInteger('users', args.users);
const ROWS_PER_USER = positiveInteger('rows-per-user', args['rows-per-user']);
const HEAVY_ROWS = positiveInteger('heavy-rows', args['heavy-rows']);
const QUERIES = positiveInteger('queries', args.queries);
const MAINTENANCE_WORK_MEM = args['maintenance-work-mem'] ?? '1GB';
const HEAVY_USER = 'heavy-user';
const TOP_K = 10;
const INSERT_BATCH = 500;
/** Queries run before timing starts, so cold caches and JIT compilation stay out of the figures. */
const WARM_UP_QUERIES = 20;

/** One user's generated memories and their embeddings, keyed by text for recall checks. */
interface UserData {
  userId: string;
  texts: string[];
  vectors: Map<string, Float32Array>;
}

function print(label: string, figures: Record<string, unknown>) {
  process.stdout.write(`${label.padEnd(34)} ${JSON.stringify(figures)}\n`);
}

function buildData(): UserData[] {
  const random = createRandom(20_240_601);
  const users: UserData[] = [];
  const add = (userId: string, count: number) => {
    const texts = generateMemories(count, random).map((memory) => memory.text);
    const vectors = new Map(texts.map((text) => [text, Float32Array.from(embedText(text))]));
    users.push({ userId, texts, vectors });
  };
  for (let i = 0; i < USERS; i++) add(`user-${String(i).padStart(4, '0')}`, ROWS_PER_USER);
  add(HEAVY_USER, HEAVY_ROWS);
  return users;
}

function buildQueries(users: UserData[], count: number, seed: number) {
  const random = createRandom(seed);
  return Array.from({ length: count }, () => {
    const user = users[Math.floor(random() * users.length)];
    const text = generateQuery(random);
    return { user, text, vector: embedText(text) };
  });
}

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await work();
  return { result, ms: performance.now() - started };
}

async function loadOurStore(
  client: SqlClient,
  store: MemoryStore,
  users: UserData[],
  notices: string[],
) {
  await dropVectorIndex(client);
  let rows = 0;
  const { ms } = await timed(async () => {
    for (const user of users) {
      for (let start = 0; start < user.texts.length; start += INSERT_BATCH) {
        const batch = user.texts.slice(start, start + INSERT_BATCH);
        const outcome = await store.remember(
          user.userId,
          batch.map((text) => ({ kind: 'fact' as const, topic: 'bench', text })),
        );
        rows += outcome.stored;
      }
    }
  });
  print('ours: insert', {
    rows,
    seconds: round(ms / 1000),
    rowsPerSecond: Math.round(rows / (ms / 1000)),
  });

  const build = await timed(() =>
    buildVectorIndex(client, { maintenanceWorkMem: MAINTENANCE_WORK_MEM }),
  );
  await client.query('ANALYZE memories');
  print('ours: HNSW build', {
    seconds: round(build.ms / 1000),
    maintenanceWorkMem: MAINTENANCE_WORK_MEM,
    notices,
  });
  // remember() built these while loading, once each user passed EXACT_SCAN_MAX_ROWS rows.
  const userIndexes = await client.query(
    'SELECT user_id, probes, rows_at_build FROM memory_user_indexes',
  );
  print('ours: user indexes', { indexes: userIndexes.rows });
}

/** Runs vector-only top-10 queries through the same query plan choice as recall and search. */
async function measureOurVectorSearch(
  label: string,
  client: SqlClient,
  queries: ReturnType<typeof buildQueries>,
) {
  const latencies: number[] = [];
  const recalls: number[] = [];
  for (const [index, query] of queries.entries()) {
    const { result, ms } = await timed(async () => {
      const ranked = await rankByVector(
        client,
        {
          userId: query.user.userId,
          namespacePrefix: [query.user.userId, MEMORIES_LABEL],
          vectorLiteral: toVectorLiteral(query.vector),
          dimension: query.vector.length,
          queryText: query.text,
          limit: TOP_K,
          minScore: -1,
        },
        TOP_K,
      );
      // Fetching the texts keeps this comparable with PostgresStore, which returns whole items.
      const texts = await client.query<{ id: string; text: string }>(
        'SELECT id, text FROM memories WHERE id = ANY($1::uuid[])',
        [ranked.map((hit) => hit.id)],
      );
      const byId = new Map(texts.rows.map((row) => [row.id, row.text]));
      return ranked.map((hit) => byId.get(hit.id) ?? '');
    });
    if (index < WARM_UP_QUERIES) continue;
    latencies.push(ms);
    recalls.push(recallAtK(query.vector, query.user.vectors, result, TOP_K));
  }
  const figures = { ...percentiles(latencies), recallAt10: round(mean(recalls), 3) };
  print(label, figures);
  return figures;
}

/** Times the full BaseStore search (embedding, vector and full-text ranking, fusion, rows). */
async function measureSearch(
  label: string,
  search: (userId: string, text: string) => Promise<string[]>,
  queries: ReturnType<typeof buildQueries>,
  measureRecall: boolean,
) {
  const latencies: number[] = [];
  const recalls: number[] = [];
  for (const [index, query] of queries.entries()) {
    const { result, ms } = await timed(() => search(query.user.userId, query.text));
    if (index < WARM_UP_QUERIES) continue;
    latencies.push(ms);
    if (measureRecall) recalls.push(recallAtK(query.vector, query.user.vectors, result, TOP_K));
  }
  const figures = {
    ...percentiles(latencies),
    ...(measureRecall ? { recallAt10: round(mean(recalls), 3) } : {}),
  };
  print(label, figures);
  return figures;
}

async function loadLangGraphStore(handle: LangGraphStoreHandle, users: UserData[]) {
  await dropLangGraphIndex(handle);
  let rows = 0;
  const { ms } = await timed(async () => {
    for (const user of users) {
      for (let start = 0; start < user.texts.length; start += INSERT_BATCH) {
        const batch = user.texts.slice(start, start + INSERT_BATCH);
        await handle.store.batch(
          batch.map((text, i) => ({
            namespace: [user.userId, MEMORIES_LABEL],
            key: `m${start + i}`,
            value: { kind: 'fact', topic: 'bench', text },
          })),
        );
        rows += batch.length;
      }
    }
  });
  print('langgraph: insert', {
    rows,
    seconds: round(ms / 1000),
    rowsPerSecond: Math.round(rows / (ms / 1000)),
  });

  const build = await timed(() => buildLangGraphIndex(handle, MAINTENANCE_WORK_MEM));
  print('langgraph: HNSW build', { seconds: round(build.ms / 1000) });
}

function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

async function main() {
  const workDir = await mkdtemp(path.join(tmpdir(), 'memory-bench-'));
  const users = buildData();
  const regular = users.filter((user) => user.userId !== HEAVY_USER);
  const heavy = users.filter((user) => user.userId === HEAVY_USER);
  const regularQueries = buildQueries(regular, QUERIES + WARM_UP_QUERIES, 7);
  const heavyQueries = buildQueries(heavy, QUERIES + WARM_UP_QUERIES, 11);
  print('setup', {
    users: regular.length,
    rowsPerUser: ROWS_PER_USER,
    heavyUserRows: HEAVY_ROWS,
    queries: QUERIES,
    exactScanMaxRows: EXACT_SCAN_MAX_ROWS,
  });

  const notices: string[] = [];
  const client = await createPGliteClient(path.join(workDir, 'ours'), {
    onNotice: (message) => notices.push(message),
  });
  const embedder = createOfflineEmbedder();
  await migrate(client, embedder, silentLogger);
  const store = new MemoryStore(client, embedder, silentLogger);
  // Hybrid search ranks by fused vector and full-text rank, so its top 10 is not the vector top
  // 10 by design; recall is measured on the vector ranking above, latency on the whole search.
  const ourSearch = async (userId: string, text: string) =>
    (await store.search([userId, MEMORIES_LABEL], { query: text, limit: TOP_K })).map((item) =>
      String(item.value.text),
    );
  await loadOurStore(client, store, users, notices);

  const ours = {
    regularVector: await measureOurVectorSearch(
      'ours: vector top-10, 100-row users',
      client,
      regularQueries,
    ),
    heavyVector: await measureOurVectorSearch(
      'ours: vector top-10, heavy user',
      client,
      heavyQueries,
    ),
    regularSearch: await measureSearch(
      'ours: search, 100-row users',
      ourSearch,
      regularQueries,
      false,
    ),
    heavySearch: await measureSearch('ours: search, heavy user', ourSearch, heavyQueries, false),
  };
  await store.close();

  if (!args['skip-langgraph']) {
    const handle = await openLangGraphStore(path.join(workDir, 'langgraph'));
    await loadLangGraphStore(handle, users);
    const search = async (userId: string, text: string) =>
      (await handle.store.search([userId, MEMORIES_LABEL], { query: text, limit: TOP_K })).map(
        (item) => String(item.value.text),
      );
    const regularFigures = await measureSearch(
      'langgraph: search, 100-row users',
      search,
      regularQueries,
      true,
    );
    const heavyFigures = await measureSearch(
      'langgraph: search, heavy user',
      search,
      heavyQueries,
      true,
    );
    await handle.close();

    // Like with like: both are vector top-10 searches in one user's namespace returning texts.
    print('side by side, 100-row users', {
      oursVectorP95: ours.regularVector.p95,
      oursRecallAt10: ours.regularVector.recallAt10,
      langgraphSearchP95: regularFigures.p95,
      langgraphRecallAt10: regularFigures.recallAt10,
      p95Ratio: round(ours.regularVector.p95 / regularFigures.p95),
      oursHybridSearchP95: ours.regularSearch.p95,
    });
    print('side by side, heavy user', {
      oursVectorP95: ours.heavyVector.p95,
      oursRecallAt10: ours.heavyVector.recallAt10,
      langgraphSearchP95: heavyFigures.p95,
      langgraphRecallAt10: heavyFigures.recallAt10,
      p95Ratio: round(ours.heavyVector.p95 / heavyFigures.p95),
      oursHybridSearchP95: ours.heavySearch.p95,
    });
  }

  await rm(workDir, { recursive: true, force: true });
}

await main();
