import { STANCE_WORDS, STOP_WORDS } from './travel-concepts.js';
import { tokenize } from './offline-embedder.js';
import type { SqlClient, SqlExecutor } from './sql-client.js';
import {
  quoteLiteral,
  USER_INDEX_TABLE,
  userIndexExpression,
  type UserIndex,
} from './user-index.js';

/** The k in the fusion score 1 / (k + rank); a large k keeps one list's first place from dominating. */
const RRF_K = 60;

/**
 * Full-text matches a large user's search ranks at most. A common word can match thousands of
 * a user's rows, and ranking them all took most of a 1.9 s hybrid search at 20,000 rows.
 */
const TEXT_POOL_MAX_ROWS = 500;

/** A ranking request over one user's items under a namespace prefix. */
export interface HybridQuery {
  userId: string;
  namespacePrefix: string[];
  vectorLiteral: string;
  /** Length of `vectorLiteral`, needed to match the user index's `vector(D)` expression. */
  dimension: number;
  queryText: string;
  /** Extra SQL conditions on `memories`, already numbered from `$firstFreeParam`. */
  extraWhere?: { sql: string; params: unknown[] };
  limit: number;
  minScore: number;
}

/** A ranked item: its id and cosine similarity (null when it has no embedding). */
export interface RankedId {
  id: string;
  similarity: number | null;
}

/** Both rankings of one user, plus the user's partial index when the exact scan was skipped. */
interface ExactRanking {
  userIndex: UserIndex | null;
  byVector: RankedId[];
  byText: RankedId[];
}

/**
 * Ranks one user's items by cosine similarity (above the floor) and by full-text match, and
 * fuses both lists by reciprocal rank fusion, so an exact name such as a hotel programme is
 * found even when its embedding is not close. A user without a partial index costs one
 * statement and no transaction; a user with one costs a transaction for the index settings.
 */
export async function searchHybrid(client: SqlClient, query: HybridQuery): Promise<RankedId[]> {
  const candidates = Math.max(query.limit * 4, 20);
  const exact = await rankExactly(client, query, candidates, true);

  let byVector = exact.byVector;
  let byText = exact.byText;
  if (exact.userIndex) {
    byVector = await rankByUserIndex(client, query, candidates, exact.userIndex);
    byText = await rankByText(client, query, candidates, { userIndexed: true });
  }

  return fuseByRank(keepAboveFloor(byVector, query.minScore), byText, query.limit);
}

/**
 * Ranks one user's items by cosine similarity alone, best first, keeping those at or above
 * `query.minScore`: exact for users without a partial index, through that index otherwise.
 */
export async function rankByVector(
  client: SqlClient,
  query: HybridQuery,
  candidates: number,
): Promise<Array<{ id: string; similarity: number }>> {
  const exact = await rankExactly(client, query, candidates, false);
  const ranked = exact.userIndex
    ? await rankByUserIndex(client, query, candidates, exact.userIndex)
    : exact.byVector;
  return keepAboveFloor(ranked, query.minScore);
}

/**
 * Looks up the user's partial index and, when there is none, ranks the user's rows exactly by
 * vector and (when `withText`) by full text, in one statement. The registry lookup is a
 * MATERIALIZED CTE so that its result gates the scan once instead of a count query per search.
 * `mine` is MATERIALIZED as well: it keeps the planner on the btree over user_id instead of
 * walking the global HNSW index and filtering afterwards, and computes each distance once.
 */
async function rankExactly(
  db: SqlExecutor,
  query: HybridQuery,
  candidates: number,
  withText: boolean,
): Promise<ExactRanking> {
  const terms = withText ? textSearchTerms(query.queryText) : [];
  const scope = scopeCondition(query, 4);
  const result = await db.query<{
    list: 'vector' | 'text' | 'index';
    id: string | null;
    similarity: number | null;
    position: number | string;
    index_name: string | null;
    probes: number | null;
  }>(
    `WITH user_index AS MATERIALIZED (
       SELECT index_name, probes FROM ${USER_INDEX_TABLE} WHERE user_id = $4
     ),
     mine AS MATERIALIZED (
       SELECT id, embedding <=> $1::vector AS distance, updated_at,
         CASE WHEN text_search @@ text_query THEN ts_rank_cd(text_search, text_query) END
           AS text_rank
       FROM memories, to_tsquery('english', $2::text) AS text_query
       WHERE NOT EXISTS (SELECT 1 FROM user_index) AND ${scope.sql}
     )
     SELECT 'vector' AS list, id, 1 - distance AS similarity,
       row_number() OVER (ORDER BY distance, id) AS position, NULL AS index_name,
       NULL::integer AS probes
     FROM (SELECT id, distance FROM mine WHERE distance IS NOT NULL ORDER BY distance, id LIMIT $3)
       AS nearest
     UNION ALL
     SELECT 'text', id, 1 - distance,
       row_number() OVER (ORDER BY text_rank DESC, updated_at DESC, id), NULL, NULL
     FROM (
       SELECT id, distance, text_rank, updated_at FROM mine WHERE text_rank IS NOT NULL
       ORDER BY text_rank DESC, updated_at DESC, id LIMIT $3
     ) AS matching
     UNION ALL
     SELECT 'index', NULL, NULL, 0, index_name, probes FROM user_index`,
    [query.vectorLiteral, terms.length > 0 ? terms.join(' | ') : null, candidates, ...scope.params],
  );

  const ranking: ExactRanking = { userIndex: null, byVector: [], byText: [] };
  const rows = [...result.rows].sort((a, b) => Number(a.position) - Number(b.position));
  for (const row of rows) {
    if (row.list === 'index') {
      ranking.userIndex = { indexName: row.index_name ?? '', probes: Number(row.probes) };
      continue;
    }
    const hit = {
      id: row.id ?? '',
      similarity: row.similarity === null ? null : Number(row.similarity),
    };
    if (row.list === 'vector') ranking.byVector.push(hit);
    else ranking.byText.push(hit);
  }
  return ranking;
}

/**
 * Ranks a large user's rows through that user's partial IVFFlat index, then re-ranks the
 * candidates by their exact distance because relaxed order may swap near-equal neighbours.
 * Iterative scans (pgvector 0.8+) probe further lists until enough rows pass the namespace and
 * value filters. `enable_sort = off` keeps the planner on the index: it multiplies the
 * selectivity of the user and namespace conditions, estimated 40 of a user's 8,000 rows, and
 * then sorted all 8,000 in 59 ms. `set_config(..., true)` is `SET LOCAL`, all in one round trip.
 */
async function rankByUserIndex(
  client: SqlClient,
  query: HybridQuery,
  candidates: number,
  userIndex: UserIndex,
): Promise<RankedId[]> {
  const scope = scopeCondition(query, 3);
  const indexed = userIndexExpression(query.dimension);

  return client.transaction(async (tx) => {
    await tx.query(
      `SELECT set_config('ivfflat.probes', $1, true),
         set_config('ivfflat.iterative_scan', 'relaxed_order', true),
         set_config('enable_sort', 'off', true)`,
      [String(userIndex.probes)],
    );
    // The user id is inlined as a literal: the planner uses a partial index only when it can
    // prove the index's WHERE clause from the query's own constants.
    const result = await tx.query<{ id: string; similarity: number }>(
      `SELECT id, 1 - distance AS similarity FROM (
         SELECT id, embedding <=> $1::vector AS distance FROM memories
         WHERE user_id = ${quoteLiteral(query.userId)} AND ${scope.sql}
           AND embedding IS NOT NULL
         ORDER BY ${indexed} <=> $1::vector LIMIT $2
       ) AS approximate
       ORDER BY distance, id`,
      [query.vectorLiteral, candidates, ...scope.params],
    );
    return result.rows.map((row) => ({ id: row.id, similarity: Number(row.similarity) }));
  });
}

/**
 * Ranks one user's items by full-text match on the query's content words, best first. Only the
 * first TEXT_POOL_MAX_ROWS matches are ranked, and with `ts_rank`, which is cheaper than
 * `ts_rank_cd`. A rare name still makes the pool, and for a common word one set of 500 matches
 * ranks about as well as another. Similarity is computed only for the returned rows.
 */
export async function rankByText(
  db: SqlExecutor,
  query: HybridQuery,
  candidates: number,
  options: { userIndexed?: boolean } = {},
): Promise<RankedId[]> {
  const terms = textSearchTerms(query.queryText);
  if (terms.length === 0) return [];

  const scope = scopeCondition(query, 5);
  // A literal user id lets the planner use the user's partial GIN index (see rankByUserIndex).
  const userLiteral = options.userIndexed ? `user_id = ${quoteLiteral(query.userId)} AND ` : '';
  const result = await db.query<{ id: string; similarity: number | null }>(
    `SELECT id, 1 - (embedding <=> $3::vector) AS similarity FROM (
       SELECT id, embedding, ts_rank(text_search, text_query) AS text_rank, updated_at
       FROM (
         SELECT id, embedding, text_search, updated_at, text_query
         FROM memories, to_tsquery('english', $1) AS text_query
         WHERE ${userLiteral}${scope.sql} AND text_search @@ text_query
         LIMIT $4
       ) AS pool
       ORDER BY text_rank DESC, updated_at DESC, id
       LIMIT $2
     ) AS best`,
    [terms.join(' | '), candidates, query.vectorLiteral, TEXT_POOL_MAX_ROWS, ...scope.params],
  );
  return result.rows.map((row) => ({
    id: row.id,
    similarity: row.similarity === null ? null : Number(row.similarity),
  }));
}

/** Builds `user_id = $n AND namespace prefix = $n+1 [AND extra]` with its parameters. */
export function scopeCondition(query: HybridQuery, firstParam: number) {
  const params: unknown[] = [query.userId, query.namespacePrefix];
  let sql =
    `user_id = $${firstParam} AND namespace[1:${query.namespacePrefix.length}] = ` +
    `$${firstParam + 1}::text[]`;
  if (query.extraWhere) {
    sql += ` AND ${renumber(query.extraWhere.sql, firstParam + 2)}`;
    params.push(...query.extraWhere.params);
  }
  return { sql, params };
}

function keepAboveFloor(ranked: RankedId[], minScore: number) {
  return ranked
    .flatMap((hit) => (hit.similarity === null ? [] : [{ id: hit.id, similarity: hit.similarity }]))
    .filter((hit) => hit.similarity >= minScore)
    .sort((a, b) => b.similarity - a.similarity);
}

function fuseByRank(byVector: RankedId[], byText: RankedId[], limit: number): RankedId[] {
  const fused = new Map<string, { score: number; similarity: number | null }>();
  byVector.forEach((hit, rank) => {
    fused.set(hit.id, { score: 1 / (RRF_K + rank + 1), similarity: hit.similarity });
  });
  byText.forEach((hit, rank) => {
    const entry = fused.get(hit.id) ?? { score: 0, similarity: hit.similarity };
    entry.score += 1 / (RRF_K + rank + 1);
    fused.set(hit.id, entry);
  });

  return [...fused.entries()]
    .sort((a, b) => b[1].score - a[1].score || (b[1].similarity ?? -1) - (a[1].similarity ?? -1))
    .slice(0, limit)
    .map(([id, entry]) => ({ id, similarity: entry.similarity }));
}

/**
 * Picks the words worth matching literally. Question and stance words are dropped because
 * "what are my food preferences" would otherwise match every stored "I prefer ...". Terms
 * are OR-ed: one exact name is enough for a match.
 */
export function textSearchTerms(queryText: string): string[] {
  const words = tokenize(queryText).filter(
    (word) => !STOP_WORDS.has(word) && !STANCE_WORDS.has(word) && word.length > 1,
  );
  return [...new Set(words)].slice(0, 32);
}

/** Shifts `$1`, `$2`... in a fragment so that it can follow other parameters. */
function renumber(sql: string, firstParam: number): string {
  return sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + firstParam - 1}`);
}
