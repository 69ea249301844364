import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { loadConfig } from '../../agent/config.js';
import { silentLogger } from '../../agent/logger.js';
import { createAgentRuntime, type AgentRuntime } from '../../agent/runtime.js';
import { cancelThreadTurns, runTurn, ThreadDeletedError } from '../../agent/turn.js';
import type { FlightSearch } from '../../tools/flights/index.js';
import { tempDataDir } from '../helpers/server-process.js';

/** A flight search that takes a while, so later turns of the thread are still queued. */
const slowFlights: FlightSearch = {
  provider: 'sample',
  search: (input, options) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          resolve({
            provider: 'sample',
            sample: true,
            origin: { query: input.origin, codes: [], name: input.origin },
            destination: { query: input.destination, codes: [], name: input.destination },
            offers: [],
          }),
        400,
      );
      options?.signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(options.signal?.reason);
      });
    }),
};

describe('thread deletion with turns in flight', () => {
  let runtime: AgentRuntime;

  beforeAll(async () => {
    runtime = await createAgentRuntime(
      loadConfig({ DATA_DIR: tempDataDir(), WEB_FETCH: 'false' }),
      silentLogger,
      {
        flights: slowFlights,
      },
    );
  }, 60_000);

  afterAll(async () => {
    await runtime?.close();
  });

  it('stops running and queued turns and writes nothing afterwards', async () => {
    const threadId = 'busy-thread';
    const message = 'flights from Oslo to Rome next Friday for 2 adults';
    const turns = Array.from({ length: 3 }, () =>
      runTurn(runtime, { userId: 'ann', threadId, message }, () => undefined),
    );
    await new Promise((resolve) => setTimeout(resolve, 100));

    await cancelThreadTurns(threadId);
    await runtime.threads.delete(threadId);
    const checkpointer = runtime.graph.checkpointer;
    if (checkpointer && typeof checkpointer === 'object') await checkpointer.deleteThread(threadId);

    const results = await Promise.allSettled(turns);
    for (const result of results) {
      expect(result.status).toBe('rejected');
      expect((result as PromiseRejectedResult).reason).toBeInstanceOf(ThreadDeletedError);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await runtime.threads.get(threadId)).toBeUndefined();
    const snapshot = await runtime.graph.getState({ configurable: { thread_id: threadId } });
    expect(snapshot.values).toEqual({});
  }, 60_000);
});
