import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import pg from 'pg';

/** Rows returned by a query, the shape both `pg` and PGlite use. */
export interface QueryResult<Row> {
  rows: Row[];
}

/** Runs one parameterised statement. */
export interface SqlExecutor {
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<Row>>;
}

/** The small database interface the memory store needs; a `pg.Pool` or PGlite sits behind it. */
export interface SqlClient extends SqlExecutor {
  /** `postgres` or `embedded-pglite`, as health reports it. */
  readonly backend: string;
  /** Runs `work` in one transaction; it commits when `work` resolves and rolls back when it throws. */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Wraps a PostgreSQL connection pool. */
export function createPostgresClient(databaseUrl: string): SqlClient {
  // Without a connect timeout, pg waits forever on an unreachable host and health checks hang.
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: 10,
    connectionTimeoutMillis: 5_000,
  });
  // An idle client that loses its connection emits 'error'; without a listener Node exits.
  pool.on('error', () => undefined);

  return {
    backend: 'postgres',
    query: async <Row>(sql: string, params: unknown[] = []) =>
      (await pool.query(sql, params)) as unknown as QueryResult<Row>,
    async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work({
          query: async <Row>(sql: string, params: unknown[] = []) =>
            (await client.query(sql, params)) as unknown as QueryResult<Row>,
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/**
 * Opens embedded PGlite with pgvector in `folder`. PGlite is one backend with one session, so
 * every call goes through a promise queue: a query from another request must never land in the
 * middle of someone else's transaction. `onNotice` receives server notices, such as pgvector's
 * warning that an HNSW build outgrew `maintenance_work_mem`.
 */
export async function createPGliteClient(
  folder: string,
  options: { onNotice?: (message: string) => void } = {},
): Promise<SqlClient> {
  await mkdir(path.resolve(folder), { recursive: true });
  const db = await PGlite.create(folder, { extensions: { vector } });
  const serialize = createQueue();
  const { onNotice } = options;
  const queryOptions = onNotice
    ? { onNotice: (notice: { message?: string }) => onNotice(notice.message ?? '') }
    : undefined;

  return {
    backend: 'embedded-pglite',
    query: <Row>(sql: string, params: unknown[] = []) =>
      serialize(() => db.query<Row>(sql, params, queryOptions)),
    transaction: <T>(work: (tx: SqlExecutor) => Promise<T>) =>
      serialize(() =>
        db.transaction((tx) =>
          work({
            query: <Row>(sql: string, params: unknown[] = []) =>
              tx.query<Row>(sql, params, queryOptions),
          }),
        ),
      ),
    close: () => serialize(() => db.close()),
  };
}

/** Returns a function that runs tasks one at a time in call order; a failed task does not stop the queue. */
export function createQueue(): <T>(task: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();

  return <T>(task: () => Promise<T>): Promise<T> => {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  };
}
