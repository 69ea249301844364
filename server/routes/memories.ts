import { Router } from 'express';
import { z } from 'zod';

import { forgetMemories, listMemories } from '../../agent/memory-access.js';
import type { AgentRuntime } from '../../agent/runtime.js';
import { HttpError } from '../errors.js';
import { assertActsFor } from '../limits.js';
import { idParam, parseOrThrow } from '../validation.js';

// Memory ids are the UUIDs that GET returns, so any other value is a 400, not a 500.
const deleteQuery = z.object({
  id: z
    .uuid({ error: 'must be a memory id (a UUID) as GET /users/:id/memories returns it' })
    .optional(),
});

/** `GET/DELETE /users/:userId/memories`: a user lists or erases what the agent remembers. */
export function memoryRoutes(runtime: AgentRuntime): Router {
  const router = Router();

  router.get('/users/:userId/memories', async (request, response) => {
    const userId = idParam(request, 'userId');
    assertActsFor(response, userId);
    const memories = await listMemories(runtime.memory, userId);
    response.json({
      user_id: userId,
      memories: memories.map(({ id, kind, topic, text }) => ({ id, kind, topic, text })),
    });
  });

  router.delete('/users/:userId/memories', async (request, response) => {
    const userId = idParam(request, 'userId');
    assertActsFor(response, userId);
    const { id } = parseOrThrow(deleteQuery, request.query, 'query');
    const deleted = await forgetMemories(
      runtime.memory,
      userId,
      id ? { ids: [id] } : { all: true },
    );
    if (id && deleted === 0)
      throw new HttpError(
        404,
        'memory_not_found',
        `Memory ${id} was not found for user ${userId}.`,
      );
    await runtime.deps.cache.invalidate({ userId });
    response.json({ user_id: userId, deleted });
  });

  return router;
}
