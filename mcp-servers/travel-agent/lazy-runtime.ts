import type { Logger } from '../../agent/logger.js';
import type { AgentRuntime } from '../../agent/runtime.js';

/**
 * The agent runtime, opened once and shared by every MCP session. Opening embedded memory takes
 * seconds on a fresh data folder, so the server responds to `initialize` and `tools/list` while it
 * opens and tool calls wait for it.
 */
export interface RuntimeHandle {
  /** Resolves once the runtime is open; a failed opening is retried on the next call. */
  get(): Promise<AgentRuntime>;
  /** Starts opening now without waiting, so the first tool call waits less. */
  warmUp(): void;
  /** Closes the runtime if it was opened; later `get` calls reject. */
  close(): Promise<void>;
}

/** Wraps `open` so it runs at most once at a time and its runtime is shared. */
export function createRuntimeHandle(
  open: () => Promise<AgentRuntime>,
  logger: Logger,
): RuntimeHandle {
  let opening: Promise<AgentRuntime> | undefined;
  let closed = false;

  const get = (): Promise<AgentRuntime> => {
    if (closed) return Promise.reject(new Error('The travel agent is shutting down.'));
    if (!opening) {
      const started = performance.now();
      opening = open().then(
        (runtime) => {
          logger.info({ ms: Math.round(performance.now() - started) }, 'agent runtime opened');
          return runtime;
        },
        (error: unknown) => {
          // Forget the failure so that the next call tries again, for example once a
          // database that was down at start is back.
          opening = undefined;
          logger.error({ err: (error as Error).message }, 'opening the agent runtime failed');
          throw error;
        },
      );
    }
    return opening;
  };

  return {
    get,
    warmUp() {
      get().catch(() => undefined);
    },
    async close() {
      closed = true;
      const pending = opening;
      opening = undefined;
      if (!pending) return;
      const runtime = await pending.catch(() => undefined);
      await runtime?.close();
    },
  };
}
