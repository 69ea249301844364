import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { PostgresStore } from '@langchain/langgraph-checkpoint-postgres/store';

import { embedText } from '../memory/offline-embedder.js';

/** LangGraph's PostgresStore on its own PGlite, reached over a loopback socket. */
export interface LangGraphStoreHandle {
  store: PostgresStore;
  /** Runs SQL on the PGlite behind the socket, for index maintenance during the bulk load. */
  db: PGlite;
  close(): Promise<void>;
}

/** HNSW settings shared with our store: pgvector's defaults, m = 16 and ef_construction = 64. */
const HNSW = { m: 16, efConstruction: 64 };
const INDEX_NAME = 'idx_store_vectors_embedding_cosine_hnsw';

/**
 * Starts PGlite with pgvector in `folder` behind `@electric-sql/pglite-socket` on 127.0.0.1
 * and opens PostgresStore over one `pg` connection, the only safe setup because the socket
 * shares one backend between connections.
 */
export async function openLangGraphStore(folder: string): Promise<LangGraphStoreHandle> {
  const db = await PGlite.create(folder, { extensions: { vector } });
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 1 });
  await server.start();
  const [host, port] = server.getServerConn().split(':');

  const store = new PostgresStore({
    connectionOptions: { host, port: Number(port), user: 'postgres', database: 'postgres', max: 1 },
    index: {
      dims: 256,
      embed: async (texts: string[]) => texts.map((text) => embedText(text)),
      fields: ['text'],
      hnsw: HNSW,
    },
  });
  await store.setup();

  return {
    store,
    db,
    async close() {
      await store.stop();
      await server.stop();
      await db.close();
    },
  };
}

/** Drops PostgresStore's HNSW index so its bulk load skips per-row graph inserts. */
export async function dropLangGraphIndex(handle: LangGraphStoreHandle): Promise<void> {
  await handle.db.query(`DROP INDEX IF EXISTS ${INDEX_NAME}`);
}

/** Rebuilds PostgresStore's HNSW index with the statement its migration uses. */
export async function buildLangGraphIndex(
  handle: LangGraphStoreHandle,
  maintenanceWorkMem: string,
): Promise<void> {
  await handle.db.query(`SET maintenance_work_mem = '${maintenanceWorkMem}'`);
  await handle.db.query(
    `CREATE INDEX IF NOT EXISTS ${INDEX_NAME} ON store_vectors
     USING hnsw (embedding vector_cosine_ops)
     WITH (m = ${HNSW.m}, ef_construction = ${HNSW.efConstruction})`,
  );
  await handle.db.query('ANALYZE');
}
