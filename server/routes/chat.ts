import { Router } from 'express';

import type { AgentRuntime } from '../../agent/runtime.js';
import { runTurn, ThreadDeletedError, ThreadNotFoundError } from '../../agent/turn.js';
import { assertActsFor } from '../limits.js';
import type { Logger } from '../../agent/logger.js';
import { HttpError } from '../errors.js';
import { openEventStream } from '../sse.js';
import { chatRequestSchema, parseOrThrow } from '../validation.js';

/** `POST /chat`: runs one turn and streams its events as Server-Sent Events. */
export function chatRoutes(
  runtime: AgentRuntime,
  logger: Logger,
  inFlight: Set<Promise<unknown>>,
): Router {
  const router = Router();

  router.post('/chat', async (request, response) => {
    const body = parseOrThrow(chatRequestSchema, request.body, 'body');
    assertActsFor(response, body.user_id);
    const owner = body.thread_id ? await runtime.threads.ownerOf(body.thread_id) : undefined;
    if (owner !== undefined && owner !== body.user_id) {
      throw new HttpError(
        404,
        'thread_not_found',
        new ThreadNotFoundError(body.thread_id!).message,
      );
    }

    // A client that disconnects aborts the run, so no work continues after it left.
    const abort = new AbortController();
    response.on('close', () => {
      if (!response.writableFinished) abort.abort(new Error('client disconnected'));
    });

    const stream = openEventStream(response);
    const started = performance.now();
    const turn = runTurn(
      runtime,
      {
        userId: body.user_id,
        threadId: body.thread_id,
        message: body.message,
        timeZone: body.time_zone,
        signal: abort.signal,
      },
      ({ event, data }) => stream.send(event, data),
    );
    inFlight.add(turn);

    try {
      const result = await turn;
      stream.send('message', {
        thread_id: result.threadId,
        intent: result.intent,
        text: result.reply,
      });
      stream.send('done', {
        thread_id: result.threadId,
        duration_ms: Math.round(performance.now() - started),
      });
    } catch (error) {
      if (abort.signal.aborted) {
        logger.info({ userId: body.user_id }, 'chat aborted by client');
      } else if (error instanceof ThreadDeletedError) {
        stream.send('error', { error: 'thread_deleted', message: error.message });
        stream.send('done', {});
      } else if (error instanceof ThreadNotFoundError) {
        stream.send('error', { error: 'thread_not_found', message: error.message });
        stream.send('done', {});
      } else {
        logger.error(
          { err: (error as Error).message, stack: (error as Error).stack },
          'chat turn failed',
        );
        stream.send('error', {
          error: 'turn_failed',
          message: 'The agent failed to answer this message. Please try again.',
        });
        stream.send('done', {});
      }
    } finally {
      inFlight.delete(turn);
      stream.close();
    }
  });

  return router;
}
