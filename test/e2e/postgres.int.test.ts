import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { chat } from '../helpers/sse.js';
import {
  PROJECT_ROOT,
  startServer,
  tempDataDir,
  type ServerProcess,
} from '../helpers/server-process.js';

const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * Checkpoints and thread history on the real PostgreSQL 15 of the test machine, which has no
 * pgvector: memory stays embedded through MEMORY_DATABASE_URL=embedded. Each run gets a
 * database of its own, dropped at the end.
 */
describe('server on PostgreSQL', () => {
  const database = `ta_e2e_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const databaseUrl = ADMIN_URL.replace(/\/[^/]*$/, `/${database}`);
  let admin: pg.Client;
  let server: ServerProcess;

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
  }, 30_000);

  afterAll(async () => {
    await server?.stop();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  });

  it('refuses to start when memory would need the missing pgvector', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: PROJECT_ROOT,
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: databaseUrl,
        DATA_DIR: tempDataDir(),
        PORT: '0',
        WEB_FETCH: 'false',
      },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/pgvector/);
    expect(result.stderr).toMatch(/MEMORY_DATABASE_URL=embedded/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  }, 90_000);

  it('keeps threads in PostgreSQL across a restart', async () => {
    const env = { DATABASE_URL: databaseUrl, MEMORY_DATABASE_URL: 'embedded' };
    server = await startServer(env);

    const first = await chat(server.url, {
      user_id: 'gina',
      message: 'flights from Paris to Rome next Friday for 2 adults',
    });
    expect(first.byName('tool_end')[0].ok).toBe(true);
    const threadId = first.byName('thread')[0].thread_id;

    await server.stop();
    server = await startServer({ ...env, DATA_DIR: tempDataDir() });

    const thread = await (await fetch(`${server.url}/threads/${threadId}?user_id=gina`)).json();
    expect(thread.messages).toHaveLength(2);
    expect(thread.slots.slots.destination).toBe('Rome');

    const refined = await chat(server.url, {
      user_id: 'gina',
      thread_id: threadId,
      message: 'make it first class',
    });
    expect(refined.byName('intent')[0].slots.cabin).toBe('first');

    const { rows } = await admin.query(
      `SELECT count(*)::int AS n FROM pg_database WHERE datname = $1`,
      [database],
    );
    expect(rows[0].n).toBe(1);
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const stored = await client.query(
      'SELECT user_id, message_count FROM agent_threads WHERE id = $1',
      [threadId],
    );
    await client.end();
    expect(stored.rows[0]).toEqual({ user_id: 'gina', message_count: 4 });
  }, 180_000);

  it('gives a thread id claimed by two users at once to exactly one', async () => {
    const threadId = `race-${randomUUID()}`;
    const [first, second] = await Promise.all([
      chat(server.url, { user_id: 'hana', thread_id: threadId, message: 'hello there' }),
      chat(server.url, { user_id: 'ivan', thread_id: threadId, message: 'hello there' }),
    ]);
    const outcomes = [first, second].map(
      (transcript) => transcript.status === 200 && transcript.byName('message').length === 1,
    );
    expect(outcomes.filter(Boolean)).toHaveLength(1);
    const loser = outcomes[0] ? second : first;
    expect(loser.status === 404 || loser.byName('error')[0]?.error === 'thread_not_found').toBe(
      true,
    );
  }, 60_000);
});
