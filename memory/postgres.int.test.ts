import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { silentLogger } from '../agent/logger.js';
import { createOfflineEmbedder } from './offline-embedder.js';
import { openMemoryStore } from './open.js';
import { createPostgresClient, type SqlClient } from './sql-client.js';
import { MemoryStoreError } from './types.js';

/** The local PostgreSQL 15, which has no pgvector; override with MEMORY_TEST_DATABASE_URL. */
const databaseUrl =
  process.env.MEMORY_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

describe('memory on PostgreSQL without pgvector', () => {
  it('fails at start with instructions', async () => {
    const error = await openMemoryStore({
      databaseUrl,
      dataDir: '/nonexistent',
      embedder: createOfflineEmbedder(),
      logger: silentLogger,
    }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(MemoryStoreError);
    expect((error as MemoryStoreError).code).toBe('pgvector_missing');
    expect((error as Error).message).toContain('Install pgvector');
    expect((error as Error).message).toContain('MEMORY_DATABASE_URL=embedded');
  });

  it('names the database without its password when it cannot connect', async () => {
    const error = await openMemoryStore({
      databaseUrl: 'postgres://postgres:hunter2@127.0.0.1:1/test',
      dataDir: '/nonexistent',
      embedder: createOfflineEmbedder(),
      logger: silentLogger,
    }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(MemoryStoreError);
    expect((error as Error).message).toContain('127.0.0.1:1');
    expect((error as Error).message).not.toContain('hunter2');
  });
});

describe('PostgreSQL client', () => {
  const table = `memory_client_test_${randomUUID().replace(/-/g, '')}`;
  let client: SqlClient;

  beforeAll(async () => {
    client = createPostgresClient(databaseUrl);
    await client.query(`CREATE TABLE ${table} (value text NOT NULL)`);
  });

  afterAll(async () => {
    await client.query(`DROP TABLE IF EXISTS ${table}`);
    await client.close();
  });

  it('commits a transaction that resolves', async () => {
    await client.transaction(async (tx) => {
      await tx.query(`INSERT INTO ${table} (value) VALUES ($1)`, ['kept']);
    });

    const result = await client.query<{ value: string }>(`SELECT value FROM ${table}`);

    expect(result.rows.map((row) => row.value)).toEqual(['kept']);
  });

  it('rolls back a transaction that throws', async () => {
    const failing = client.transaction(async (tx) => {
      await tx.query(`INSERT INTO ${table} (value) VALUES ($1)`, ['dropped']);
      throw new Error('abandon');
    });

    await expect(failing).rejects.toThrow('abandon');
    const result = await client.query<{ value: string }>(
      `SELECT value FROM ${table} WHERE value = 'dropped'`,
    );
    expect(result.rows).toEqual([]);
  });
});
