import { randomUUID } from 'node:crypto';

import type { AgentEvent } from './events.js';
import type { Intent, Slots } from './nlu/index.js';
import type { AgentRuntime } from './runtime.js';
import type { AgentStateType } from './state.js';

/** One user message to run through the graph. */
export interface TurnRequest {
  userId: string;
  threadId?: string;
  message: string;
  timeZone?: string;
  signal?: AbortSignal;
  /** The previous search, for a new thread that continues a conversation held elsewhere. */
  lastSearch?: { intent: Intent; slots: Slots };
  /** False runs the turn without reading or writing long-term memory. Default true. */
  longTermMemory?: boolean;
}

export interface TurnResult {
  threadId: string;
  reply: string;
  intent: string;
}

export type TurnEvent =
  AgentEvent | { event: 'thread'; data: { thread_id: string; created: boolean } };

/** A thread id that belongs to another user; reported as not found so ids leak nothing. */
export class ThreadNotFoundError extends Error {
  constructor(readonly threadId: string) {
    super(`Thread ${threadId} was not found for this user. Omit thread_id to start a new thread.`);
    this.name = 'ThreadNotFoundError';
  }
}

/** The thread was deleted while this turn waited or ran. */
export class ThreadDeletedError extends Error {
  constructor(readonly threadId: string) {
    super(`Thread ${threadId} was deleted while this message was being answered.`);
    this.name = 'ThreadDeletedError';
  }
}

/**
 * Turns that run at once in this process. Every turn does some CPU work on the event loop
 * (classification, embedding, PGlite queries), so past a few dozen concurrent turns more
 * concurrency only adds latency for everyone, including `/health`; extra turns wait here.
 */
export const MAX_CONCURRENT_TURNS = 32;

class TurnGate {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  async run<T>(signal: AbortSignal | undefined, task: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) {
      await new Promise<void>((resolve, reject) => {
        const onAbort = () => {
          const index = this.waiting.indexOf(enter);
          if (index >= 0) this.waiting.splice(index, 1);
          reject(signal?.reason);
        };
        const enter = () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        };
        this.waiting.push(enter);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    }
    this.running += 1;
    try {
      return await task();
    } finally {
      this.running -= 1;
      this.waiting.shift()?.();
    }
  }
}

const gate = new TurnGate(MAX_CONCURRENT_TURNS);

/** Turns of one thread run one at a time, so two requests cannot interleave their state. */
const threadQueues = new Map<string, Promise<unknown>>();

/** Abort controllers of the turns queued or running per thread, so a delete can stop them. */
const threadTurns = new Map<string, Set<AbortController>>();

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
 * Aborts every turn of a thread and waits until none is left, so nothing writes to the thread
 * after a delete. Callers delete the thread after this returns.
 */
export async function cancelThreadTurns(threadId: string): Promise<void> {
  for (const controller of threadTurns.get(threadId) ?? []) {
    controller.abort(new ThreadDeletedError(threadId));
  }
  while (threadQueues.has(threadId)) {
    await threadQueues.get(threadId)!.catch(() => undefined);
  }
}

/**
 * Runs one turn: claims the thread for the user, streams the graph's events to `onEvent`, and
 * appends both messages to the thread's history. A turn cut short still records the user's
 * message and the part of the reply already sent, because the checkpoint may already hold
 * the slots it produced.
 */
export async function runTurn(
  runtime: AgentRuntime,
  request: TurnRequest,
  onEvent: (event: TurnEvent) => void,
): Promise<TurnResult> {
  const threadId = request.threadId ?? randomUUID();
  const { owner, created } = await runtime.threads.claim(threadId, request.userId, request.message);
  if (owner !== request.userId) throw new ThreadNotFoundError(threadId);
  onEvent({ event: 'thread', data: { thread_id: threadId, created } });

  const controller = new AbortController();
  const signal = request.signal
    ? AbortSignal.any([request.signal, controller.signal])
    : controller.signal;
  const controllers = threadTurns.get(threadId) ?? new Set<AbortController>();
  controllers.add(controller);
  threadTurns.set(threadId, controllers);

  try {
    return await serialize(threadId, () =>
      gate.run(signal, () => executeTurn(runtime, { ...request, signal }, threadId, onEvent)),
    );
  } catch (error) {
    if (controller.signal.aborted) throw controller.signal.reason;
    throw error;
  } finally {
    controllers.delete(controller);
    if (controllers.size === 0) threadTurns.delete(threadId);
  }
}

async function executeTurn(
  runtime: AgentRuntime,
  request: TurnRequest & { signal: AbortSignal },
  threadId: string,
  onEvent: (event: TurnEvent) => void,
): Promise<TurnResult> {
  request.signal.throwIfAborted();
  const userMessage = {
    role: 'user' as const,
    content: request.message,
    at: new Date().toISOString(),
  };
  let finalState: AgentStateType | undefined;
  let streamed = '';
  let intent = 'other';

  try {
    const stream = await runtime.graph.stream(
      {
        messages: [userMessage],
        timeZone: request.timeZone ?? runtime.deps.defaultTimeZone,
        ...(request.lastSearch ? { lastSearch: request.lastSearch } : {}),
      },
      {
        configurable: {
          thread_id: threadId,
          user_id: request.userId,
          ...(request.longTermMemory === false ? { long_term_memory: false } : {}),
        },
        streamMode: ['custom', 'values'],
        signal: request.signal,
        // One checkpoint per turn: intermediate steps are cheap to recompute, and writing
        // each of them was most of a turn's cost on long threads.
        durability: 'exit',
      },
    );

    for await (const [mode, chunk] of stream as AsyncIterable<[string, unknown]>) {
      if (mode === 'custom') {
        const event = chunk as AgentEvent;
        if (event.event === 'token') streamed += event.data.text;
        if (event.event === 'intent') intent = event.data.intent;
        onEvent(event);
      } else {
        finalState = chunk as AgentStateType;
      }
    }
  } catch (error) {
    if (request.signal.aborted && !(request.signal.reason instanceof ThreadDeletedError)) {
      await appendHistory(
        runtime,
        threadId,
        userMessage,
        `${streamed}${streamed ? ' ' : ''}[reply interrupted]`,
        intent,
      ).catch(() => undefined);
    }
    throw error;
  }

  const reply = finalState?.reply ?? '';
  intent = finalState?.classification?.intent ?? intent;
  await appendHistory(runtime, threadId, userMessage, reply, intent);
  return { threadId, reply, intent };
}

async function appendHistory(
  runtime: AgentRuntime,
  threadId: string,
  userMessage: { content: string; at: string },
  reply: string,
  intent: string,
): Promise<void> {
  await runtime.threads.append(threadId, [
    { role: 'user', content: userMessage.content, createdAt: userMessage.at },
    { role: 'assistant', content: reply, intent, createdAt: new Date().toISOString() },
  ]);
}
