import type { Logger } from '../agent/logger.js';
import type { SqlClient, SqlExecutor } from './sql-client.js';
import { MemoryStoreError, type Embedder } from './types.js';
import { dropAllUserIndexes, USER_INDEX_TABLE } from './user-index.js';

/** One schema step; `statements` receives the embedding dimension because `vector(D)` needs it. */
interface Migration {
  version: number;
  name: string;
  statements(dimension: number): string[];
}

const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'create memories',
    statements: (dimension) => [
      `CREATE TABLE IF NOT EXISTS memory_meta (key text PRIMARY KEY, value text NOT NULL)`,
      `CREATE TABLE IF NOT EXISTS memories (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id text NOT NULL,
        namespace text[] NOT NULL,
        key text NOT NULL,
        kind text,
        topic text,
        text text NOT NULL DEFAULT '',
        value jsonb NOT NULL,
        metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
        embedding vector(${dimension}),
        content_hash text NOT NULL,
        text_search tsvector GENERATED ALWAYS AS (to_tsvector('english', text)) STORED,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT memories_namespace_starts_with_user CHECK (namespace[1] = user_id),
        CONSTRAINT memories_item_unique UNIQUE (user_id, namespace, key)
      )`,
      `CREATE INDEX IF NOT EXISTS memories_user_idx ON memories (user_id, updated_at DESC)`,
      `CREATE INDEX IF NOT EXISTS memories_user_hash_idx ON memories (user_id, content_hash)`,
      `CREATE INDEX IF NOT EXISTS memories_embedding_idx ON memories
        USING hnsw (embedding vector_cosine_ops)`,
      `CREATE INDEX IF NOT EXISTS memories_text_search_idx ON memories USING gin (text_search)`,
    ],
  },
  {
    version: 2,
    name: 'per-user vector indexes',
    statements: () => [
      `CREATE TABLE IF NOT EXISTS ${USER_INDEX_TABLE} (
        user_id text PRIMARY KEY,
        index_name text NOT NULL,
        probes integer NOT NULL,
        rows_at_build integer NOT NULL,
        built_at timestamptz NOT NULL DEFAULT now()
      )`,
      // New rows go to GIN's pending list, which every full-text search reads linearly until
      // VACUUM or an autovacuum ANALYZE merges it. PGlite runs no autovacuum, so the list can grow to
      // its 4 MB limit and slow every search. Writing postings directly keeps reads predictable.
      `ALTER INDEX memories_text_search_idx SET (fastupdate = off)`,
      `SELECT gin_clean_pending_list('memories_text_search_idx'::regclass)`,
    ],
  },
];

/** Arbitrary constant for `pg_advisory_xact_lock`, so that two replicas never migrate at once. */
const MIGRATION_LOCK_ID = 738_201_455;

/**
 * Creates the pgvector extension, applies pending migrations in order and checks that the
 * stored embedder matches `embedder`. Safe to run at every start and from several replicas.
 * Returns whether the stored embedder differs, which only happens with `allowEmbedderChange`.
 */
export async function migrate(
  client: SqlClient,
  embedder: Embedder,
  logger: Logger,
  options: { allowEmbedderChange?: boolean } = {},
): Promise<{ embedderChanged: boolean }> {
  await ensureVectorExtension(client);

  return client.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_ID]);
    await tx.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);

    const applied = await tx.query<{ version: number }>('SELECT version FROM schema_migrations');
    const appliedVersions = new Set(applied.rows.map((row) => Number(row.version)));

    for (const migration of MIGRATIONS) {
      if (appliedVersions.has(migration.version)) continue;
      for (const statement of migration.statements(embedder.dimension)) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      logger.info({ version: migration.version, name: migration.name }, 'memory migration applied');
    }

    const embedderChanged = await checkEmbedder(tx, embedder, options.allowEmbedderChange ?? false);
    return { embedderChanged };
  });
}

async function ensureVectorExtension(client: SqlClient): Promise<void> {
  const available = await client.query<{ installed: string | null }>(
    `SELECT installed_version AS installed FROM pg_available_extensions WHERE name = 'vector'`,
  );

  if (available.rows.length === 0) {
    throw new MemoryStoreError(
      'pgvector_missing',
      'The PostgreSQL server for memory has no pgvector extension. Install pgvector on that ' +
        'server (for example the postgresql-15-pgvector package or the pgvector/pgvector Docker ' +
        'image), point MEMORY_DATABASE_URL at a PostgreSQL that has it, or set ' +
        'MEMORY_DATABASE_URL=embedded to keep memory in embedded PGlite under DATA_DIR.',
    );
  }
  if (available.rows[0].installed) return;

  try {
    await client.query('CREATE EXTENSION IF NOT EXISTS vector');
  } catch (error) {
    throw new MemoryStoreError(
      'pgvector_missing',
      `pgvector is available but could not be enabled (${(error as Error).message}). Run ` +
        '"CREATE EXTENSION vector;" as a superuser in that database, or set ' +
        'MEMORY_DATABASE_URL=embedded.',
      { cause: error },
    );
  }
}

/**
 * Records the embedder on first start and rejects a different one later: vectors from two
 * models (or two dimensions) are not comparable, so mixing them would return nonsense.
 */
async function checkEmbedder(
  tx: SqlExecutor,
  embedder: Embedder,
  allowChange: boolean,
): Promise<boolean> {
  const stored = await tx.query<{ key: string; value: string }>(
    `SELECT key, value FROM memory_meta WHERE key IN ('embedding_dimension', 'embedder_name')`,
  );
  const meta = new Map(stored.rows.map((row) => [row.key, row.value]));

  if (!meta.has('embedding_dimension')) {
    await tx.query(
      `INSERT INTO memory_meta (key, value) VALUES ('embedding_dimension', $1), ('embedder_name', $2)`,
      [String(embedder.dimension), embedder.name],
    );
    return false;
  }

  const storedDimension = Number(meta.get('embedding_dimension'));
  const storedName = meta.get('embedder_name');
  if (storedDimension === embedder.dimension && storedName === embedder.name) return false;
  if (allowChange) return true;

  throw new MemoryStoreError(
    'embedder_mismatch',
    `The memory database was built with embedder "${storedName}" (dimension ${storedDimension}), ` +
      `but the configured embedder is "${embedder.name}" (dimension ${embedder.dimension}). ` +
      'Open the store once with openMemoryStore({ reembed: true }) to re-embed every memory with ' +
      'the new embedder, switch back to the old embedding settings, or point DATA_DIR or ' +
      'MEMORY_DATABASE_URL at an empty database.',
  );
}

/**
 * Switches the stored embedder: resizes the vector column, clears every embedding and drops
 * the HNSW index and every user index. `embedMissing` then fills the embeddings in and rebuilds the index.
 */
export async function switchEmbedder(client: SqlClient, embedder: Embedder): Promise<void> {
  await client.transaction(async (tx) => {
    await tx.query('DROP INDEX IF EXISTS memories_embedding_idx');
    // User indexes are built on a cast to the old dimension; openMemoryStore rebuilds them.
    await dropAllUserIndexes(tx);
    await tx.query(
      `ALTER TABLE memories ALTER COLUMN embedding TYPE vector(${embedder.dimension}) USING NULL`,
    );
    await tx.query(`UPDATE memory_meta SET value = $1 WHERE key = 'embedding_dimension'`, [
      String(embedder.dimension),
    ]);
    await tx.query(`UPDATE memory_meta SET value = $1 WHERE key = 'embedder_name'`, [
      embedder.name,
    ]);
  });
}

/**
 * Embeds every indexed row that has no embedding, in batches, and makes sure the HNSW index
 * exists. Runs at each start, so a re-embedding cut short by a crash or an API error resumes.
 */
export async function embedMissing(
  client: SqlClient,
  embedder: Embedder,
  logger: Logger,
  batchSize = 256,
): Promise<number> {
  let count = 0;
  for (;;) {
    // Rows whose item was stored with indexing disabled keep a NULL embedding by design.
    const batch = await client.query<{ id: string; text: string }>(
      `SELECT id, text FROM memories
       WHERE embedding IS NULL AND NOT (metadata ? 'unindexed') ORDER BY id LIMIT $1`,
      [batchSize],
    );
    if (batch.rows.length === 0) break;

    const vectors = await embedder.embed(batch.rows.map((row) => row.text));
    await client.transaction(async (tx) => {
      for (const [i, row] of batch.rows.entries()) {
        await tx.query('UPDATE memories SET embedding = $2::vector WHERE id = $1', [
          row.id,
          JSON.stringify(vectors[i]),
        ]);
      }
    });
    count += batch.rows.length;
  }

  await buildVectorIndex(client);
  if (count > 0) logger.info({ count, embedder: embedder.name }, 'memories re-embedded');
  return count;
}

/** Name of the HNSW index on `memories.embedding`. */
export const VECTOR_INDEX_NAME = 'memories_embedding_idx';

/**
 * Creates the HNSW index on embeddings unless it exists. pgvector builds the graph in
 * `maintenance_work_mem` and raises a NOTICE when the graph outgrows it, then finishes with a much
 * slower on-disk build. Bulk loads therefore pass a larger size: 1GB fitted 120,000 rows of 256
 * dimensions in bench/memory.bench.ts without that notice.
 */
export async function buildVectorIndex(
  client: SqlClient,
  options: { maintenanceWorkMem?: string } = {},
): Promise<void> {
  const { maintenanceWorkMem } = options;
  if (maintenanceWorkMem !== undefined && !/^\d+\s*(kB|MB|GB)$/.test(maintenanceWorkMem)) {
    throw new MemoryStoreError(
      'migration_failed',
      `Invalid maintenanceWorkMem "${maintenanceWorkMem}": use a PostgreSQL size such as 512MB.`,
    );
  }

  await client.transaction(async (tx) => {
    if (maintenanceWorkMem)
      await tx.query(`SET LOCAL maintenance_work_mem = '${maintenanceWorkMem}'`);
    await tx.query(
      `CREATE INDEX IF NOT EXISTS ${VECTOR_INDEX_NAME} ON memories USING hnsw (embedding vector_cosine_ops)`,
    );
  });
}

/** Drops the HNSW index so that a bulk load skips per-row graph inserts; rebuild it afterwards. */
export async function dropVectorIndex(client: SqlClient): Promise<void> {
  await client.query(`DROP INDEX IF EXISTS ${VECTOR_INDEX_NAME}`);
}
