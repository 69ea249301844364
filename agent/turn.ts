import { randomUUID } from 'node:crypto';

import type { AgentEvent } from './events.js';
import type { AgentRuntime } from './runtime.js';
import type { AgentStateType } from './state.js';

/** One user message to run through the graph. */
export interface TurnRequest {
  userId: string;
  threadId?: string;
  message: string;
  timeZone?: string;
  signal?: AbortSignal;
}

export interface TurnResult {
  threadId: string;
  reply: string;
  intent: string;
}

/** A thread id that belongs to another user; reported as not found so ids leak nothing. */
export class ThreadNotFoundError extends Error {
  constructor(readonly threadId: string) {
    super(`Thread ${threadId} was not found for this user. Omit thread_id to start a new thread.`);
    this.name = 'ThreadNotFoundError';
  }
}

/** Turns of one thread run one at a time, so two requests cannot interleave their state. */
const threadQueues = new Map<string, Promise<unknown>>();

async function serialize<T>(threadId: string, task: () => Promise<T>): Promise<T> {
  const previous = threadQueues.get(threadId) ?? Promise.resolve();
  const current = previous.catch(() => undefined).then(task);
  threadQueues.set(threadId, current);
  try {
    return await current;
  } finally {
    if (threadQueues.get(threadId) === current) threadQueues.delete(threadId);
  }
}

/**
 * Runs one turn: checks that the thread belongs to the user, streams the graph's events to
 * `onEvent`, and appends both messages to the thread's history once the reply is complete.
 */
export async function runTurn(
  runtime: AgentRuntime,
  request: TurnRequest,
  onEvent: (
    event: AgentEvent | { event: 'thread'; data: { thread_id: string; created: boolean } },
  ) => void,
): Promise<TurnResult> {
  const threadId = request.threadId ?? randomUUID();
  const owner = await runtime.threads.ownerOf(threadId);
  if (owner !== undefined && owner !== request.userId) throw new ThreadNotFoundError(threadId);
  // A thread id nobody owns yet (new, or named by the client) becomes this user's thread.
  await runtime.threads.ensure(threadId, request.userId, request.message);
  onEvent({ event: 'thread', data: { thread_id: threadId, created: owner === undefined } });

  return serialize(threadId, async () => {
    const userMessage = {
      role: 'user' as const,
      content: request.message,
      at: new Date().toISOString(),
    };
    const stream = await runtime.graph.stream(
      { messages: [userMessage], timeZone: request.timeZone ?? runtime.deps.defaultTimeZone },
      {
        configurable: { thread_id: threadId, user_id: request.userId },
        streamMode: ['custom', 'values'],
        signal: request.signal,
        // One checkpoint per turn: intermediate steps are cheap to recompute, and writing
        // each of them was most of a turn's cost on long threads.
        durability: 'exit',
      },
    );

    let finalState: AgentStateType | undefined;
    for await (const [mode, chunk] of stream as AsyncIterable<[string, unknown]>) {
      if (mode === 'custom') onEvent(chunk as AgentEvent);
      else finalState = chunk as AgentStateType;
    }

    const reply = finalState?.reply ?? '';
    const intent = finalState?.classification?.intent ?? 'other';
    await runtime.threads.append(threadId, [
      { role: 'user', content: request.message, createdAt: userMessage.at },
      { role: 'assistant', content: reply, intent, createdAt: new Date().toISOString() },
    ]);
    return { threadId, reply, intent };
  });
}
