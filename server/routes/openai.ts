import { Router, type Response } from 'express';
import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';

import type { Logger } from '../../agent/logger.js';
import type { AgentRuntime } from '../../agent/runtime.js';
import { replayLastSearch } from '../../agent/nodes/understand.js';
import { runTurn, ThreadNotFoundError } from '../../agent/turn.js';
import { HttpError } from '../errors.js';
import { assertActsFor, boundUserOf } from '../limits.js';
import { idSchema, MESSAGE_MAX_LENGTH, parseOrThrow } from '../validation.js';

/** The model name OpenAI clients see; any requested name is answered by the same agent. */
export const AGENT_MODEL_ID = 'travel-agent';

const contentPart = z.object({ type: z.string(), text: z.string().optional() }).passthrough();

const completionRequestSchema = z.object({
  model: z.string().optional(),
  messages: z
    .array(
      z.object({
        role: z.enum(['system', 'developer', 'user', 'assistant', 'tool']),
        content: z.union([z.string(), z.array(contentPart), z.null()]).optional(),
      }),
    )
    .min(1, 'must contain at least one message'),
  stream: z.boolean().optional(),
  stream_options: z.object({ include_usage: z.boolean().optional() }).optional(),
  user: z.string().trim().min(1).max(256).optional(),
});

type CompletionRequest = z.infer<typeof completionRequestSchema>;

function textOf(content: CompletionRequest['messages'][number]['content']): string {
  if (typeof content === 'string') return content;
  if (!content) return '';
  return content.map((part) => (part.type === 'text' ? (part.text ?? '') : '')).join('');
}

/**
 * A chat UI resends the whole conversation each time; the first user message identifies it,
 * so the same conversation keeps one agent thread without the client knowing about threads.
 */
function threadIdFor(userId: string, request: CompletionRequest): string {
  const first = request.messages.find((message) => message.role === 'user');
  const digest = createHash('sha256')
    .update(`${userId}\n${textOf(first?.content ?? '')}`)
    .digest('hex');
  return `oa-${digest.slice(0, 32)}`;
}

/**
 * The user a completion acts for, or undefined for an anonymous client. OpenAI's `user` is
 * free text ("John Doe"), so a value that is not a valid id is mapped to a stable hash of it.
 */
function namedUserFor(
  body: CompletionRequest,
  header: string | undefined,
  bound: string | undefined,
): string | undefined {
  const given = body.user ?? header?.trim();
  if (given) {
    const parsed = idSchema.safeParse(given);
    return parsed.success
      ? parsed.data
      : `u-${createHash('sha256').update(given).digest('hex').slice(0, 24)}`;
  }
  return bound;
}

/** Earlier user messages replayed for an anonymous request; older ones rarely matter. */
const MAX_REPLAYED_MESSAGES = 20;

/**
 * Builds the thread, user and carried search of a request from a client that names neither a
 * user nor a thread. Two such clients cannot be distinguished by their messages, because both
 * may open with "hello". So no state is kept between their requests. Each request runs on a new
 * thread of a new anonymous user, without long-term memory, and its follow-ups are read against
 * the previous search rebuilt from the earlier user messages it sends.
 * NOTE: each such request also adds a two-message thread to the thread log.
 */
function anonymousTurn(runtime: AgentRuntime, body: CompletionRequest) {
  const id = randomUUID().replace(/-/g, '');
  const earlier = body.messages
    .filter((message) => message.role === 'user')
    .slice(0, -1)
    .map((message) => textOf(message.content))
    .slice(-MAX_REPLAYED_MESSAGES);
  const lastSearch = replayLastSearch(earlier, {
    now: runtime.deps.now(),
    timeZone: runtime.deps.defaultTimeZone,
  });
  return {
    userId: `anon-${id.slice(0, 24)}`,
    threadId: `oa-${id}`,
    lastSearch,
    longTermMemory: false,
  };
}

/** Rough token count for `usage`: the agent has no tokenizer, so words stand in for tokens. */
function countTokens(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/**
 * `POST /v1/chat/completions` and `GET /v1/models`: lets any OpenAI client or chat UI talk to
 * the agent. The last user message is the turn; `user` (or the `X-User-Id` header) scopes
 * memory and threads, and `X-Thread-Id` pins a thread.
 */
export function openAiRoutes(
  runtime: AgentRuntime,
  logger: Logger,
  inFlight: Set<Promise<unknown>>,
): Router {
  const router = Router();

  router.get('/v1/models', (_request, response) => {
    response.json({
      object: 'list',
      data: [{ id: AGENT_MODEL_ID, object: 'model', created: 0, owned_by: 'travel-agent-server' }],
    });
  });

  router.post('/v1/chat/completions', async (request, response) => {
    const body = parseOrThrow(completionRequestSchema, request.body, 'body');
    const named = namedUserFor(body, request.get('x-user-id'), boundUserOf(response));
    const pinned = parseOrThrow(
      idSchema.optional(),
      request.get('x-thread-id'),
      'X-Thread-Id header',
    );
    const turnScope =
      named === undefined && pinned === undefined ? anonymousTurn(runtime, body) : undefined;
    // A pinned thread without a user keeps the anonymous owner its first message gives.
    const userId =
      named ?? turnScope?.userId ?? `anon-${threadIdFor('anonymous', body).slice(3, 27)}`;
    assertActsFor(response, userId);
    const threadId = pinned ?? turnScope?.threadId ?? threadIdFor(userId, body);
    const lastUser = [...body.messages].reverse().find((message) => message.role === 'user');
    const message = textOf(lastUser?.content ?? '').trim();
    if (!message)
      throw new HttpError(
        400,
        'invalid_request',
        'Invalid body: messages must end with a user message that has text content.',
      );
    if (message.length > MESSAGE_MAX_LENGTH) {
      throw new HttpError(
        400,
        'invalid_request',
        `Invalid body: the last user message must be at most ${MESSAGE_MAX_LENGTH} characters.`,
      );
    }

    const owner = await runtime.threads.ownerOf(threadId);
    if (owner !== undefined && owner !== userId)
      throw new HttpError(404, 'thread_not_found', new ThreadNotFoundError(threadId).message);

    const abort = new AbortController();
    response.on('close', () => {
      if (!response.writableFinished) abort.abort(new Error('client disconnected'));
    });
    const id = `chatcmpl-${randomUUID().replace(/-/g, '')}`;
    const created = Math.floor(Date.now() / 1000);
    const model = body.model ?? AGENT_MODEL_ID;

    if (!body.stream) {
      const turn = runTurn(
        runtime,
        { ...turnScope, userId, threadId, message, signal: abort.signal },
        () => undefined,
      );
      inFlight.add(turn);
      try {
        const result = await turn;
        const completionTokens = countTokens(result.reply);
        const promptTokens = countTokens(message);
        response.set('X-Thread-Id', result.threadId).json({
          id,
          object: 'chat.completion',
          created,
          model,
          choices: [
            {
              index: 0,
              message: { role: 'assistant', content: result.reply },
              logprobs: null,
              finish_reason: 'stop',
            },
          ],
          usage: {
            prompt_tokens: promptTokens,
            completion_tokens: completionTokens,
            total_tokens: promptTokens + completionTokens,
          },
        });
      } finally {
        inFlight.delete(turn);
      }
      return;
    }

    startEventStream(response);
    const chunk = (delta: Record<string, unknown>, finishReason: string | null = null) =>
      writeChunk(response, {
        id,
        object: 'chat.completion.chunk',
        created,
        model,
        choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
      });

    chunk({ role: 'assistant', content: '' });
    const turn = runTurn(
      runtime,
      { ...turnScope, userId, threadId, message, signal: abort.signal },
      ({ event, data }) => {
        if (event === 'token') chunk({ content: (data as { text: string }).text });
      },
    );
    inFlight.add(turn);
    try {
      const result = await turn;
      chunk({}, 'stop');
      if (body.stream_options?.include_usage) {
        const promptTokens = countTokens(message);
        const completionTokens = countTokens(result.reply);
        writeChunk(response, {
          id,
          object: 'chat.completion.chunk',
          created,
          model,
          choices: [],
          usage: {
            prompt_tokens: promptTokens,
            completion_tokens: completionTokens,
            total_tokens: promptTokens + completionTokens,
          },
        });
      }
      response.write('data: [DONE]\n\n');
    } catch (error) {
      if (!abort.signal.aborted) {
        logger.error({ err: (error as Error).message }, 'completion turn failed');
        writeChunk(response, {
          error: {
            message: 'The agent failed to answer this message. Please try again.',
            type: 'server_error',
            code: 'turn_failed',
          },
        });
      }
    } finally {
      inFlight.delete(turn);
      response.end();
    }
  });

  return router;
}

function startEventStream(response: Response): void {
  response.status(200).set({
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-transform',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  response.flushHeaders();
}

function writeChunk(response: Response, chunk: unknown): void {
  if (!response.writableEnded) response.write(`data: ${JSON.stringify(chunk)}\n\n`);
}
