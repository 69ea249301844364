import Database from 'better-sqlite3';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { loadConfig } from '../../agent/config.js';
import { silentLogger } from '../../agent/logger.js';
import { createAgentRuntime, type AgentRuntime } from '../../agent/runtime.js';
import { RECENT_MESSAGE_LIMIT } from '../../agent/state.js';
import { runTurn } from '../../agent/turn.js';
import { tempDataDir } from '../helpers/server-process.js';

/** Bytes the SQLite checkpointer holds for a thread: checkpoints, metadata and pending writes. */
function checkpointBytes(dataDir: string, threadId: string): number {
  const db = new Database(path.join(dataDir, 'checkpoints.sqlite'), { readonly: true });
  try {
    const checkpoints = db
      .prepare(
        'SELECT COALESCE(SUM(LENGTH(checkpoint) + LENGTH(metadata)), 0) AS bytes FROM checkpoints WHERE thread_id = ?',
      )
      .get(threadId) as { bytes: number };
    const writes = db
      .prepare('SELECT COALESCE(SUM(LENGTH(value)), 0) AS bytes FROM writes WHERE thread_id = ?')
      .get(threadId) as { bytes: number };
    return checkpoints.bytes + writes.bytes;
  } finally {
    db.close();
  }
}

describe('turn cost on a long thread', () => {
  let runtime: AgentRuntime;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = tempDataDir();
    runtime = await createAgentRuntime(
      loadConfig({ DATA_DIR: dataDir, WEB_FETCH: 'false' }),
      silentLogger,
    );
  }, 60_000);

  afterAll(async () => {
    await runtime?.close();
  });

  it('writes as much per turn at turn 200 as at turn 1', async () => {
    const threadId = 'long-thread';
    const messages = ['hello there', 'what can you do?', 'thanks'];
    const growth: number[] = [];
    let before = 0;

    for (let turn = 0; turn < 200; turn += 1) {
      await runTurn(
        runtime,
        { userId: 'cost', threadId, message: messages[turn % messages.length] },
        () => undefined,
      );
      const after = checkpointBytes(dataDir, threadId);
      growth.push(after - before);
      before = after;
    }

    const early = growth.slice(5, 15).reduce((sum, bytes) => sum + bytes, 0) / 10;
    const late = growth.slice(190, 200).reduce((sum, bytes) => sum + bytes, 0) / 10;
    expect(early).toBeGreaterThan(0);
    expect(late / early).toBeLessThan(1.5);

    const snapshot = await runtime.graph.getState({ configurable: { thread_id: threadId } });
    expect(snapshot.values.messages).toHaveLength(RECENT_MESSAGE_LIMIT);
    const history = await runtime.threads.get(threadId);
    expect(history?.messages).toHaveLength(400);
  }, 120_000);
});
