import type { Logger } from '../../agent/logger.js';
import type { AgentRuntime } from '../../agent/runtime.js';
import type { RuntimeHandle } from './lazy-runtime.js';
import { AgentUnavailableError } from './tool-result.js';

/** Dependencies of every tool handler: the shared runtime, the caller's user id and a logger. */
export interface ToolContext {
  runtime: RuntimeHandle;
  /** Owner of the memories and threads that tool calls read and write. */
  userId: string;
  logger: Logger;
}

/**
 * Waits for the runtime, giving up as soon as the call is cancelled so that a cancelled call
 * never starts its work once the runtime is ready.
 */
export async function runtimeFor(context: ToolContext, signal: AbortSignal): Promise<AgentRuntime> {
  signal.throwIfAborted();
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
  });

  try {
    return await Promise.race([
      context.runtime.get().catch((error: unknown) => {
        throw new AgentUnavailableError(error);
      }),
      aborted,
    ]);
  } finally {
    signal.removeEventListener('abort', onAbort!);
  }
}
