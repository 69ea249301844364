import { Router } from 'express';
import { z } from 'zod';

import type { AgentRuntime } from '../../agent/runtime.js';
import { HttpError } from '../errors.js';
import { idParam, idSchema, parseOrThrow } from '../validation.js';

const listQuery = z.object({
  user_id: idSchema,
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const ownerQuery = z.object({ user_id: idSchema.optional() });

/**
 * Threads: list a user's threads, read one with its full history and current slots, delete
 * one. When `user_id` is given, a thread of another user is reported as not found.
 */
export function threadRoutes(runtime: AgentRuntime): Router {
  const router = Router();

  async function loadOwned(threadId: string, userId: string | undefined) {
    const found = await runtime.threads.get(threadId);
    if (!found || (userId !== undefined && found.thread.userId !== userId)) {
      throw new HttpError(404, 'thread_not_found', `Thread ${threadId} was not found.`);
    }
    return found;
  }

  router.get('/threads', async (request, response) => {
    const query = parseOrThrow(listQuery, request.query, 'query');
    response.json({ threads: await runtime.threads.list(query.user_id, query.limit) });
  });

  router.get('/threads/:threadId', async (request, response) => {
    const threadId = idParam(request, 'threadId');
    const { user_id: userId } = parseOrThrow(ownerQuery, request.query, 'query');
    const { thread, messages } = await loadOwned(threadId, userId);

    const snapshot = await runtime.graph.getState({ configurable: { thread_id: threadId } });
    const values = snapshot.values as { lastSearch?: unknown; summary?: string };
    response.json({
      thread_id: thread.id,
      user_id: thread.userId,
      title: thread.title,
      created_at: thread.createdAt,
      updated_at: thread.updatedAt,
      messages,
      slots: values.lastSearch ?? null,
      summary: values.summary ?? '',
    });
  });

  router.delete('/threads/:threadId', async (request, response) => {
    const threadId = idParam(request, 'threadId');
    const { user_id: userId } = parseOrThrow(ownerQuery, request.query, 'query');
    await loadOwned(threadId, userId);
    await runtime.threads.delete(threadId);
    const checkpointer = runtime.graph.checkpointer;
    if (checkpointer && typeof checkpointer === 'object') await checkpointer.deleteThread(threadId);
    response.status(204).end();
  });

  return router;
}
