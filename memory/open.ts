import path from 'node:path';

import type { Logger } from '../agent/logger.js';
import { embedMissing, migrate, switchEmbedder } from './migrations.js';
import { createPGliteClient, createPostgresClient, type SqlClient } from './sql-client.js';
import { MemoryStore, type MemoryStoreOptions } from './store.js';
import { MemoryStoreError, type Embedder } from './types.js';
import { buildUserIndexes, EXACT_SCAN_MAX_ROWS } from './user-index.js';

/** Everything openMemoryStore needs. */
export interface OpenMemoryStoreOptions extends MemoryStoreOptions {
  /** PostgreSQL URL; unset or `embedded` opens PGlite under `dataDir/memory`. */
  databaseUrl?: string;
  dataDir: string;
  embedder: Embedder;
  logger: Logger;
  /** Re-embed every memory when the stored embedder differs from `embedder`, instead of failing. */
  reembed?: boolean;
}

/** Opens PostgreSQL when databaseUrl is set, else embedded PGlite under dataDir/memory; runs migrations. */
export async function openMemoryStore(options: OpenMemoryStoreOptions): Promise<MemoryStore> {
  const { databaseUrl, dataDir, embedder, logger } = options;
  const embedded = !databaseUrl || databaseUrl === 'embedded';
  const location = embedded ? path.join(dataDir, 'memory') : redactUrl(databaseUrl);

  let client: SqlClient;
  try {
    client = embedded ? await createPGliteClient(location) : createPostgresClient(databaseUrl);
  } catch (error) {
    throw new MemoryStoreError(
      'migration_failed',
      `Could not open the memory database at ${location}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }

  try {
    const { embedderChanged } = await migrate(client, embedder, logger, {
      allowEmbedderChange: options.reembed,
    });
    if (embedderChanged) await switchEmbedder(client, embedder);
    await embedMissing(client, embedder, logger);
    // Builds indexes that a bulk load, an embedder switch or a crash mid-build left missing.
    const maxRows = options.exactScanMaxRows ?? EXACT_SCAN_MAX_ROWS;
    if (Number.isFinite(maxRows)) {
      const indexed = await buildUserIndexes(client, embedder.dimension, maxRows);
      if (indexed.length > 0) logger.info({ users: indexed.length }, 'user vector indexes built');
    }
  } catch (error) {
    await client.close().catch(() => undefined);
    if (error instanceof MemoryStoreError) throw error;
    throw new MemoryStoreError(
      'migration_failed',
      `Could not prepare the memory database at ${location}: ${(error as Error).message}`,
      { cause: error },
    );
  }

  logger.info({ backend: client.backend, embedder: embedder.name }, 'memory store opened');
  return new MemoryStore(client, embedder, logger, options);
}

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'the configured database URL';
  }
}
