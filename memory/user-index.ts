import { createHash } from 'node:crypto';

import type { SqlExecutor } from './sql-client.js';

/**
 * Rows a user may have before the store gives that user a partial IVFFlat index. Below it, an
 * exact cosine scan over the user's rows (found through the btree on user_id) takes about 0.5 ms
 * for 100 rows. At 20,000 rows the same scan took a median of 38 ms on PGlite, too slow for a
 * chat turn, so larger users get their own index.
 */
export const EXACT_SCAN_MAX_ROWS = 5_000;

/** Registry of per-user indexes, so each is created once and dropped with its user. */
export const USER_INDEX_TABLE = 'memory_user_indexes';

/**
 * Names a user's partial IVFFlat index from a hash of the user id, because user ids may hold
 * characters and lengths that an identifier cannot.
 */
export function userIndexName(userId: string): string {
  return `memories_user_${userDigest(userId)}_ivfflat`;
}

/** Names a user's partial full-text (GIN) index, built and dropped with the vector index. */
export function userTextIndexName(userId: string): string {
  return `memories_user_${userDigest(userId)}_gin`;
}

function userDigest(userId: string): string {
  return createHash('sha256').update(userId).digest('hex').slice(0, 20);
}

/** Quotes a value as a SQL string literal, assuming standard_conforming_strings (the default since PostgreSQL 9.1). */
export function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * Returns the expression a user index is built on. The global HNSW index is on `embedding`
 * itself, and with a partial index on that same column PGlite's planner picked the global index
 * and filtered afterwards. Ordering by this expression can only use the user's index, and it
 * orders exactly as `embedding` does because cosine distance ignores vector length. A
 * `halfvec` cast served the same purpose but made queries 2.3 times slower on PGlite.
 */
export function userIndexExpression(dimension: number): string {
  return `(l2_normalize(embedding)::vector(${dimension}))`;
}

/** A user's partial index as the registry records it. */
export interface UserIndex {
  indexName: string;
  /** IVFFlat lists searched per query (`ivfflat.probes`). */
  probes: number;
}

/**
 * Sizes an IVFFlat index for `rows` rows. With 20,000 sample rows (bench/memory-data.ts), 100
 * lists and 20 probes gave recall@10 1.0 at a median of 4.3 ms on PGlite, 10 probes gave 0.97,
 * and 5 probes 0.94. Probes are a quarter of the lists because the index may serve up to twice
 * the rows it was built on before it is rebuilt.
 * NOTE: tuned on that one size, and a user with far more rows scans a quarter of them per query.
 */
export function sizeUserIndex(rows: number): { lists: number; probes: number } {
  const lists = Math.min(1_000, Math.max(10, Math.round(rows / 200)));
  return { lists, probes: Math.ceil(lists / 4) };
}

/**
 * Returns whether `userId` needs a partial index built or rebuilt: more than `maxRows` rows and
 * none yet, or twice the rows the index was built on, because IVFFlat centroids are fixed at
 * build time and lists grow as rows arrive. The count stops one row past the limit that
 * matters, so a small user costs one short index-only scan per write.
 */
export async function needsUserIndex(
  db: SqlExecutor,
  userId: string,
  maxRows: number,
): Promise<boolean> {
  const registered = await db.query<{ rows_at_build: number }>(
    `SELECT rows_at_build FROM ${USER_INDEX_TABLE} WHERE user_id = $1`,
    [userId],
  );
  const builtOn = registered.rows[0]?.rows_at_build;
  const limit = builtOn === undefined ? maxRows : 2 * Number(builtOn);

  const counted = await db.query<{ total: number | string }>(
    `SELECT count(*) AS total FROM (SELECT 1 FROM memories WHERE user_id = $1 LIMIT $2) AS capped`,
    [userId, limit + 1],
  );
  return Number(counted.rows[0].total) > limit;
}

/**
 * Builds (or rebuilds) a partial IVFFlat index over one user's embeddings, and a partial GIN
 * index over the user's full text, and records them. `CREATE INDEX` blocks writes to
 * `memories` while it runs, and the IVFFlat build alone took 2.4 s for 20,000 rows on PGlite.
 * IVFFlat rather than HNSW because the sample data contains many near-identical sentences: a
 * partial HNSW index over 20,000 such rows stopped at recall@10 0.92 even with ef_search 400.
 */
export async function createUserIndex(
  db: SqlExecutor,
  userId: string,
  dimension: number,
): Promise<UserIndex> {
  const counted = await db.query<{ total: number | string }>(
    'SELECT count(*) AS total FROM memories WHERE user_id = $1',
    [userId],
  );
  const rows = Number(counted.rows[0].total);
  const { lists, probes } = sizeUserIndex(rows);
  const indexName = userIndexName(userId);

  const existing = await db.query(`SELECT to_regclass($1) AS found`, [indexName]);
  if (existing.rows[0]?.found) await db.query(`DROP INDEX ${indexName}`);
  await db.query(
    `CREATE INDEX ${indexName} ON memories
     USING ivfflat (${userIndexExpression(dimension)} vector_cosine_ops) WITH (lists = ${lists})
     WHERE user_id = ${quoteLiteral(userId)}`,
  );
  // The global GIN index makes a common word cost a bitmap over every user's postings. A
  // rebuild keeps this index, because full-text postings do not go stale as rows arrive.
  const textIndexName = userTextIndexName(userId);
  const textIndex = await db.query(`SELECT to_regclass($1) AS found`, [textIndexName]);
  if (!textIndex.rows[0]?.found) {
    await db.query(
      `CREATE INDEX ${textIndexName} ON memories USING gin (text_search)
       WITH (fastupdate = off) WHERE user_id = ${quoteLiteral(userId)}`,
    );
  }
  await db.query(
    `INSERT INTO ${USER_INDEX_TABLE} (user_id, index_name, probes, rows_at_build)
     VALUES ($1, $2, $3, $4)
     ON CONFLICT (user_id) DO UPDATE SET
       probes = excluded.probes, rows_at_build = excluded.rows_at_build, built_at = now()`,
    [userId, indexName, probes, rows],
  );
  return { indexName, probes };
}

/** Drops a user's partial indexes and registry row, if the user has them. */
export async function dropUserIndex(db: SqlExecutor, userId: string): Promise<void> {
  const result = await db.query<{ user_id: string }>(
    `DELETE FROM ${USER_INDEX_TABLE} WHERE user_id = $1 RETURNING user_id`,
    [userId],
  );
  for (const row of result.rows) await dropIndexesOf(db, row.user_id);
}

/** Drops every user index, before a bulk load or when the embedding dimension changes. */
export async function dropAllUserIndexes(db: SqlExecutor): Promise<void> {
  const result = await db.query<{ user_id: string }>(
    `DELETE FROM ${USER_INDEX_TABLE} RETURNING user_id`,
  );
  for (const row of result.rows) await dropIndexesOf(db, row.user_id);
}

async function dropIndexesOf(db: SqlExecutor, userId: string): Promise<void> {
  await db.query(`DROP INDEX IF EXISTS ${userIndexName(userId)}`);
  await db.query(`DROP INDEX IF EXISTS ${userTextIndexName(userId)}`);
}

/**
 * Creates the missing partial index of every user above `maxRows`, after a bulk load or an
 * embedder switch. Returns the user ids it indexed.
 */
export async function buildUserIndexes(
  db: SqlExecutor,
  dimension: number,
  maxRows: number,
): Promise<string[]> {
  const result = await db.query<{ user_id: string }>(
    `SELECT user_id FROM memories
     WHERE user_id NOT IN (SELECT user_id FROM ${USER_INDEX_TABLE})
     GROUP BY user_id HAVING count(*) > $1`,
    [maxRows],
  );
  const users = result.rows.map((row) => row.user_id);
  for (const userId of users) await createUserIndex(db, userId, dimension);
  return users;
}
