import { randomUUID } from 'node:crypto';
import {
  BaseStore,
  type GetOperation,
  type Item,
  type ListNamespacesOperation,
  type Operation,
  type OperationResults,
  type PutOperation,
  type SearchItem,
  type SearchOperation,
} from '@langchain/langgraph-checkpoint';

import type { Logger } from '../agent/logger.js';
import { ToolError, type ComponentHealth } from '../tools/types.js';
import { describeItem, hashContent, toVectorLiteral, validateUserId } from './content.js';
import { listUserNamespaces } from './namespaces.js';
import { searchHybrid } from './retrieval.js';
import type { SqlClient, SqlExecutor } from './sql-client.js';
import {
  MEMORY_KINDS,
  MemoryStoreError,
  type Embedder,
  type ExtractedMemory,
  type MemoryKind,
  type RecalledMemory,
} from './types.js';
import { QueryVectorCache } from './query-cache.js';
import {
  createUserIndex,
  dropUserIndex,
  EXACT_SCAN_MAX_ROWS,
  needsUserIndex,
} from './user-index.js';
import { buildValueFilter } from './value-filter.js';

/** Second label of the namespace that `remember`, `recall`, `list` and `forget` use. */
export const MEMORIES_LABEL = 'memories';

const MAX_MEMORY_TEXT = 2_000;
const MAX_RECALL_LIMIT = 100;

/** Settings of a MemoryStore beyond its database and embedder. */
export interface MemoryStoreOptions {
  /** Cosine similarity below which vector hits are dropped; full-text hits are kept. */
  minScore?: number;
  /** Similarity a memory needs before `forget({ query })` deletes it. */
  forgetMinScore?: number;
  /**
   * Rows a user may have before a write builds that user a partial IVFFlat index; see
   * EXACT_SCAN_MAX_ROWS. Reads follow the index registry, so a store opened with a lower value
   * changes nothing until a write. `Infinity` never builds one.
   */
  exactScanMaxRows?: number;
  /** Query embeddings kept in memory, so a repeated query is not embedded again. */
  queryCacheSize?: number;
}

interface MemoryRow {
  id: string;
  namespace: string[];
  key: string;
  kind: string | null;
  topic: string | null;
  text: string;
  value: Record<string, unknown>;
  created_at: Date | string;
  updated_at: Date | string;
}

const ROW_COLUMNS = 'id, namespace, key, kind, topic, text, value, created_at, updated_at';

/**
 * Per-user long-term memory as a LangGraph store. Every namespace begins with the user id,
 * every query filters on that user id, and an operation without a user is rejected, so no
 * call returns another user's rows.
 */
export class MemoryStore extends BaseStore {
  private closed = false;
  private readonly minScore: number;
  private readonly forgetMinScore: number;
  private readonly exactScanMaxRows: number;
  private readonly queryVectors: QueryVectorCache;

  constructor(
    private readonly client: SqlClient,
    private readonly embedder: Embedder,
    private readonly logger: Logger,
    options: MemoryStoreOptions = {},
  ) {
    super();
    this.minScore = options.minScore ?? 0.25;
    this.forgetMinScore = options.forgetMinScore ?? 0.5;
    this.exactScanMaxRows = options.exactScanMaxRows ?? EXACT_SCAN_MAX_ROWS;
    this.queryVectors = new QueryVectorCache(embedder, options.queryCacheSize ?? 256);
  }

  /** Runs LangGraph store operations in order; consecutive puts share one embedding call and one transaction. */
  async batch<Op extends Operation[]>(operations: Op): Promise<OperationResults<Op>> {
    this.assertOpen();
    const results: unknown[] = new Array(operations.length);

    let pendingPuts: Array<{ index: number; op: PutOperation }> = [];
    const flushPuts = async () => {
      if (pendingPuts.length === 0) return;
      await this.applyPuts(pendingPuts.map((entry) => entry.op));
      for (const entry of pendingPuts) results[entry.index] = undefined;
      pendingPuts = [];
    };

    for (const [index, op] of operations.entries()) {
      if ('value' in op) {
        pendingPuts.push({ index, op });
        continue;
      }
      await flushPuts();
      if ('namespacePrefix' in op) results[index] = await this.searchItems(op);
      else if ('key' in op) results[index] = await this.getItem(op);
      else results[index] = await this.listNamespacesOf(op as ListNamespacesOperation);
    }
    await flushPuts();

    return results as OperationResults<Op>;
  }

  /**
   * Stores extracted memories under `[userId, 'memories']`: one embedding call, one
   * transaction. A memory whose text the user already has is a duplicate; a preference
   * replaces the user's older preference of the same topic.
   */
  async remember(
    userId: string,
    memories: ExtractedMemory[],
  ): Promise<{ stored: number; replaced: number; duplicates: number }> {
    this.assertOpen();
    validateUserId(userId);
    const candidates = dedupeBatch(memories.map(validateMemory));
    let duplicates = memories.length - candidates.length;
    if (candidates.length === 0) return { stored: 0, replaced: 0, duplicates };

    const known = await this.existingHashes(
      userId,
      candidates.map((memory) => memory.hash),
    );
    const fresh = candidates.filter((memory) => !known.has(memory.hash));
    duplicates += candidates.length - fresh.length;
    if (fresh.length === 0) return { stored: 0, replaced: 0, duplicates };

    // Embed before taking the database: with PGlite the queue would otherwise wait on the network.
    const vectors = await this.embedder.embed(fresh.map((memory) => memory.text));

    const outcome = await this.client.transaction(async (tx) => {
      await lockUser(tx, userId);
      const written = await writeMemories(tx, userId, fresh, vectors.map(toVectorLiteral));
      return { ...written, duplicates: duplicates + written.duplicates };
    });

    this.logger.debug({ userId, ...outcome }, 'memories remembered');
    if (outcome.stored > 0) await this.indexUserIfLarge(userId);
    return outcome;
  }

  /** Finds a user's memories relevant to `query` by hybrid vector and full-text search. */
  async recall(
    userId: string,
    query: string,
    options: { limit?: number; minScore?: number; kinds?: MemoryKind[] } = {},
  ): Promise<RecalledMemory[]> {
    this.assertOpen();
    validateUserId(userId);
    if (typeof query !== 'string' || query.trim() === '') return [];
    const limit = clampLimit(options.limit ?? 5);
    const kinds = options.kinds?.filter((kind) => MEMORY_KINDS.includes(kind));

    const vectorLiteral = await this.queryVectors.get(query);
    const extraWhere =
      kinds && kinds.length > 0 ? { sql: 'kind = ANY($1::text[])', params: [kinds] } : undefined;

    // Reads run outside a transaction: each statement sees a consistent snapshot, and a row
    // deleted between ranking and fetching is simply left out.
    const ranked = await searchHybrid(this.client, {
      userId,
      namespacePrefix: [userId, MEMORIES_LABEL],
      vectorLiteral,
      dimension: this.embedder.dimension,
      queryText: query,
      extraWhere,
      limit,
      minScore: options.minScore ?? this.minScore,
    });
    const rows = await fetchRows(
      this.client,
      userId,
      ranked.map((hit) => hit.id),
    );
    return ranked.flatMap((hit) => {
      const row = rows.get(hit.id);
      return row ? [toRecalled(row, hit.similarity ?? 0)] : [];
    });
  }

  /** Lists every memory of a user, newest first. */
  async list(userId: string): Promise<RecalledMemory[]> {
    this.assertOpen();
    validateUserId(userId);
    const result = await this.client.query<MemoryRow>(
      `SELECT ${ROW_COLUMNS} FROM memories
       WHERE user_id = $1 AND namespace = $2::text[] ORDER BY updated_at DESC, id`,
      [userId, [userId, MEMORIES_LABEL]],
    );
    return result.rows.map((row) => toRecalled(row, 0));
  }

  /**
   * Deletes a user's memories by id, by query, or all of them, and returns how many went.
   * `all` removes every item of the user in every namespace, not only `memories`.
   */
  async forget(
    userId: string,
    options: { ids?: string[]; query?: string; all?: boolean },
  ): Promise<number> {
    this.assertOpen();
    validateUserId(userId);

    if (options.all) {
      return this.client.transaction(async (tx) => {
        const result = await tx.query<{ id: string }>(
          'DELETE FROM memories WHERE user_id = $1 RETURNING id',
          [userId],
        );
        await dropUserIndex(tx, userId);
        return result.rows.length;
      });
    }

    let ids = options.ids ?? [];
    if (options.ids) {
      const invalid = ids.find((id) => !UUID_PATTERN.test(id));
      if (invalid !== undefined) {
        throw new ToolError(
          'invalid_input',
          `Invalid memory id "${invalid}": ids are UUIDs as list returns them.`,
        );
      }
    } else if (options.query && options.query.trim() !== '') {
      ids = await this.idsToForget(userId, options.query);
    } else {
      throw new ToolError(
        'invalid_input',
        'Say which memories to forget: ids, a query, or all: true.',
      );
    }
    if (ids.length === 0) return 0;

    const result = await this.client.query<{ id: string }>(
      'DELETE FROM memories WHERE user_id = $1 AND id = ANY($2::uuid[]) RETURNING id',
      [userId, ids],
    );
    return result.rows.length;
  }

  /** Checks the database with a trivial query and reports its latency. */
  async health(): Promise<ComponentHealth> {
    if (this.closed)
      return { status: 'down', backend: this.client.backend, detail: 'store is closed' };

    const started = performance.now();
    try {
      await this.client.query('SELECT 1');
      return {
        status: 'ok',
        backend: this.client.backend,
        latencyMs: Math.round((performance.now() - started) * 10) / 10,
        detail: `embedder ${this.embedder.name}`,
      };
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'memory health check failed');
      return { status: 'down', backend: this.client.backend, detail: (error as Error).message };
    }
  }

  /** Closes the database; later calls fail with a MemoryStoreError. Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.client.close();
  }

  /** LangGraph's name for `close`. */
  async stop(): Promise<void> {
    await this.close();
  }

  private assertOpen() {
    if (this.closed) throw new MemoryStoreError('closed', 'The memory store is closed.');
  }

  /** Picks the best matches for a forget request: above the floor and close to the top hit. */
  private async idsToForget(userId: string, query: string): Promise<string[]> {
    const hits = await this.recall(userId, query, { limit: 10, minScore: this.forgetMinScore });
    const similar = hits.filter((hit) => hit.score >= this.forgetMinScore);
    if (similar.length === 0) return [];
    // "forget that I'm vegetarian" should not also drop "I don't eat pork" at a lower score.
    const best = Math.max(...similar.map((hit) => hit.score));
    return similar.filter((hit) => hit.score >= best - 0.1).map((hit) => hit.id);
  }

  private async existingHashes(userId: string, hashes: string[]): Promise<Set<string>> {
    const result = await this.client.query<{ content_hash: string }>(
      `SELECT content_hash FROM memories
       WHERE user_id = $1 AND namespace = $2::text[] AND content_hash = ANY($3::text[])`,
      [userId, [userId, MEMORIES_LABEL], hashes],
    );
    return new Set(result.rows.map((row) => row.content_hash));
  }

  private async applyPuts(puts: PutOperation[]): Promise<void> {
    for (const put of puts) validateUserId(put.namespace[0]);

    const writes = puts.filter((put) => put.value !== null);
    const contents = writes.map((put) => describeItem(put.value ?? {}, put.index));
    const toEmbed = writes.flatMap((put, i) => (put.index === false ? [] : [contents[i].text]));
    const vectors = toEmbed.length > 0 ? await this.embedder.embed(toEmbed) : [];

    await this.client.transaction(async (tx) => {
      let vectorIndex = 0;
      for (const put of puts) {
        if (put.value === null) {
          await tx.query(
            'DELETE FROM memories WHERE user_id = $1 AND namespace = $2::text[] AND key = $3',
            [put.namespace[0], put.namespace, put.key],
          );
          continue;
        }

        const content = contents[writes.indexOf(put)];
        const vector = put.index === false ? null : toVectorLiteral(vectors[vectorIndex++]);
        await upsertItem(tx, put, content, vector);
      }
    });

    if (writes.length === 0) return;
    for (const userId of new Set(writes.map((put) => put.namespace[0]))) {
      await this.indexUserIfLarge(userId);
    }
  }

  /**
   * Builds or rebuilds the user's partial vector index once the user outgrows the exact scan.
   * NOTE: the write that crosses the threshold waits for the build (about 2.4 s for 20,000 rows
   * on PGlite), and on PGlite every other query waits behind it too.
   */
  private async indexUserIfLarge(userId: string): Promise<void> {
    if (!Number.isFinite(this.exactScanMaxRows)) return;
    if (!(await needsUserIndex(this.client, userId, this.exactScanMaxRows))) return;

    const started = performance.now();
    const index = await this.client.transaction(async (tx) => {
      await lockUser(tx, userId);
      return createUserIndex(tx, userId, this.embedder.dimension);
    });
    this.logger.info(
      { userId, ...index, ms: Math.round(performance.now() - started) },
      'user vector index built',
    );
  }

  private async getItem(op: GetOperation): Promise<Item | null> {
    const userId = validateUserId(op.namespace[0]);
    const result = await this.client.query<MemoryRow>(
      `SELECT ${ROW_COLUMNS} FROM memories WHERE user_id = $1 AND namespace = $2::text[] AND key = $3`,
      [userId, op.namespace, op.key],
    );
    return result.rows[0] ? toItem(result.rows[0]) : null;
  }

  private async searchItems(op: SearchOperation): Promise<SearchItem[]> {
    const userId = requireUserScope(op.namespacePrefix[0], 'search');
    const limit = clampLimit(op.limit ?? 10);
    const offset = Math.max(0, Math.floor(op.offset ?? 0));
    const extraWhere = buildValueFilter(op.filter);

    if (!op.query || op.query.trim() === '') {
      const params: unknown[] = [userId, op.namespacePrefix, limit, offset];
      const filterSql = extraWhere ? ` AND ${shiftParams(extraWhere.sql, params.length)}` : '';
      const result = await this.client.query<MemoryRow>(
        `SELECT ${ROW_COLUMNS} FROM memories
         WHERE user_id = $1 AND namespace[1:${op.namespacePrefix.length}] = $2::text[]${filterSql}
         ORDER BY updated_at DESC, id LIMIT $3 OFFSET $4`,
        [...params, ...(extraWhere?.params ?? [])],
      );
      return result.rows.map((row) => toItem(row));
    }

    const ranked = await searchHybrid(this.client, {
      userId,
      namespacePrefix: op.namespacePrefix,
      vectorLiteral: await this.queryVectors.get(op.query),
      dimension: this.embedder.dimension,
      queryText: op.query,
      extraWhere,
      limit: limit + offset,
      minScore: this.minScore,
    });
    const page = ranked.slice(offset, offset + limit);
    const rows = await fetchRows(
      this.client,
      userId,
      page.map((hit) => hit.id),
    );
    return page.flatMap((hit) => {
      const row = rows.get(hit.id);
      return row ? [{ ...toItem(row), score: hit.similarity ?? undefined }] : [];
    });
  }

  private async listNamespacesOf(op: ListNamespacesOperation): Promise<string[][]> {
    const prefix = op.matchConditions?.find((condition) => condition.matchType === 'prefix');
    const userId = requireUserScope(prefix?.path[0], 'listNamespaces');
    const result = await this.client.query<{ namespace: string[] }>(
      'SELECT DISTINCT namespace FROM memories WHERE user_id = $1',
      [userId],
    );
    return listUserNamespaces(
      result.rows.map((row) => row.namespace),
      op,
    );
  }
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface PreparedMemory extends ExtractedMemory {
  hash: string;
}

function validateMemory(memory: ExtractedMemory): PreparedMemory {
  if (!memory || !MEMORY_KINDS.includes(memory.kind)) {
    throw new ToolError(
      'invalid_input',
      `Invalid memory kind "${memory?.kind}": use one of ${MEMORY_KINDS.join(', ')}.`,
    );
  }
  const text = typeof memory.text === 'string' ? memory.text.trim() : '';
  if (text === '' || text.length > MAX_MEMORY_TEXT) {
    throw new ToolError(
      'invalid_input',
      `Invalid memory text: it must be 1 to ${MAX_MEMORY_TEXT} characters, got ${text.length}.`,
    );
  }
  const topic =
    typeof memory.topic === 'string' && memory.topic.trim() !== ''
      ? memory.topic.trim()
      : 'general';
  return { kind: memory.kind, topic, text, hash: hashContent(text) };
}

/** Drops repeats inside one call; of two preferences on one topic the later one wins. */
function dedupeBatch(memories: PreparedMemory[]): PreparedMemory[] {
  const byKey = new Map<string, PreparedMemory>();
  for (const memory of memories) {
    const key = memory.kind === 'preference' ? `preference:${memory.topic}` : `hash:${memory.hash}`;
    if (key.startsWith('hash:') && byKey.has(key)) continue;
    byKey.delete(key);
    byKey.set(key, memory);
  }
  const seenHashes = new Set<string>();
  return [...byKey.values()].filter((memory) => {
    if (seenHashes.has(memory.hash)) return false;
    seenHashes.add(memory.hash);
    return true;
  });
}

/** Serialises writers of one user across connections, so two turns cannot store one text twice. */
async function lockUser(tx: SqlExecutor, userId: string) {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext('memory:' || $1))`, [userId]);
}

/**
 * Writes one user's new memories inside the caller's transaction, after `lockUser`. A text the
 * user already has counts as a duplicate, and a preference updates the newest older preference of
 * its topic. Everything else goes in with one multi-row INSERT, because a statement per row made
 * bulk loads several times slower on PGlite.
 */
async function writeMemories(
  tx: SqlExecutor,
  userId: string,
  memories: PreparedMemory[],
  vectors: string[],
): Promise<{ stored: number; replaced: number; duplicates: number }> {
  const namespace = [userId, MEMORIES_LABEL];
  // Checked again under the lock: another turn may have stored the same text since the caller looked.
  const existing = await tx.query<{ content_hash: string }>(
    `SELECT content_hash FROM memories
     WHERE user_id = $1 AND namespace = $2::text[] AND content_hash = ANY($3::text[])`,
    [userId, namespace, memories.map((memory) => memory.hash)],
  );
  const known = new Set(existing.rows.map((row) => row.content_hash));

  let replaced = 0;
  const inserts: Array<{ memory: PreparedMemory; vector: string }> = [];
  for (const [i, memory] of memories.entries()) {
    if (known.has(memory.hash)) continue;
    if (memory.kind === 'preference' && (await replacePreference(tx, userId, memory, vectors[i]))) {
      replaced++;
      continue;
    }
    inserts.push({ memory, vector: vectors[i] });
  }

  if (inserts.length > 0) {
    const ids = inserts.map(() => randomUUID());
    await tx.query(
      `INSERT INTO memories
         (id, key, user_id, namespace, kind, topic, text, value, metadata, embedding, content_hash)
       SELECT row.id, row.id::text, $1, $2::text[], row.kind, row.topic, row.text,
         jsonb_build_object('kind', row.kind, 'topic', row.topic, 'text', row.text),
         '{"source": "remember"}'::jsonb, row.embedding::vector, row.content_hash
       FROM unnest($3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
         AS row(id, kind, topic, text, embedding, content_hash)`,
      [
        userId,
        namespace,
        ids,
        inserts.map((entry) => entry.memory.kind),
        inserts.map((entry) => entry.memory.topic),
        inserts.map((entry) => entry.memory.text),
        inserts.map((entry) => entry.vector),
        inserts.map((entry) => entry.memory.hash),
      ],
    );
  }

  return {
    stored: inserts.length,
    replaced,
    duplicates: memories.length - inserts.length - replaced,
  };
}

/** Updates the user's newest preference of the memory's topic and drops older ones; false if none exists. */
async function replacePreference(
  tx: SqlExecutor,
  userId: string,
  memory: PreparedMemory,
  vector: string,
): Promise<boolean> {
  const older = await tx.query<{ id: string }>(
    `SELECT id FROM memories
     WHERE user_id = $1 AND namespace = $2::text[] AND kind = 'preference' AND topic = $3
     ORDER BY updated_at DESC`,
    [userId, [userId, MEMORIES_LABEL], memory.topic],
  );
  if (older.rows.length === 0) return false;

  const value = { kind: memory.kind, topic: memory.topic, text: memory.text };
  const [newest, ...rest] = older.rows.map((row) => row.id);
  await tx.query(
    `UPDATE memories SET text = $2, value = $3::jsonb, embedding = $4::vector,
       content_hash = $5, updated_at = now(), metadata = metadata || '{"replaced": true}'::jsonb
     WHERE id = $1`,
    [newest, memory.text, JSON.stringify(value), vector, memory.hash],
  );
  if (rest.length > 0) await tx.query('DELETE FROM memories WHERE id = ANY($1::uuid[])', [rest]);
  return true;
}

async function upsertItem(
  tx: SqlExecutor,
  put: PutOperation,
  content: ReturnType<typeof describeItem>,
  vector: string | null,
) {
  const metadata = put.index === false ? { source: 'put', unindexed: true } : { source: 'put' };
  await tx.query(
    `INSERT INTO memories (user_id, namespace, key, kind, topic, text, value, metadata, embedding, content_hash)
     VALUES ($1, $2::text[], $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9::vector, $10)
     ON CONFLICT (user_id, namespace, key) DO UPDATE SET
       kind = excluded.kind, topic = excluded.topic, text = excluded.text, value = excluded.value,
       metadata = excluded.metadata, embedding = excluded.embedding,
       content_hash = excluded.content_hash, updated_at = now()`,
    [
      put.namespace[0],
      put.namespace,
      put.key,
      content.kind,
      content.topic,
      content.text,
      JSON.stringify(put.value),
      JSON.stringify(metadata),
      vector,
      content.contentHash,
    ],
  );
}

async function fetchRows(
  db: SqlExecutor,
  userId: string,
  ids: string[],
): Promise<Map<string, MemoryRow>> {
  if (ids.length === 0) return new Map();
  const result = await db.query<MemoryRow>(
    `SELECT ${ROW_COLUMNS} FROM memories WHERE user_id = $1 AND id = ANY($2::uuid[])`,
    [userId, ids],
  );
  return new Map(result.rows.map((row) => [row.id, row]));
}

function requireUserScope(userId: string | undefined, operation: string): string {
  if (userId === undefined || userId === '*') {
    throw new ToolError(
      'forbidden',
      `Memory ${operation} must be scoped to one user: pass a namespace prefix that begins with the user id.`,
    );
  }
  return validateUserId(userId);
}

function toItem(row: MemoryRow): Item {
  return {
    namespace: row.namespace,
    key: row.key,
    value: row.value,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

function toRecalled(row: MemoryRow, score: number): RecalledMemory {
  return {
    id: row.id,
    kind: MEMORY_KINDS.includes(row.kind as MemoryKind) ? (row.kind as MemoryKind) : 'fact',
    topic: row.topic ?? 'general',
    text: row.text,
    score,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

function clampLimit(limit: number): number {
  if (!Number.isFinite(limit)) return 10;
  return Math.min(MAX_RECALL_LIMIT, Math.max(1, Math.floor(limit)));
}

function shiftParams(sql: string, offset: number): string {
  return sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);
}
