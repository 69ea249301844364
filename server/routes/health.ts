import { Router } from 'express';

import type { AgentRuntime } from '../../agent/runtime.js';

/**
 * `/health`: 200 while the process serves requests, with each component's status so a
 * degraded cache or lodging server is visible; `/health/ready`: 503 when a component the
 * turn cannot do without (memory, checkpoints) is down.
 */
export function healthRoutes(runtime: AgentRuntime, startedAt: Date): Router {
  const router = Router();

  async function report() {
    const components = await runtime.health();
    const statuses = Object.values(components).map((component) => component.status);
    const status = statuses.includes('down')
      ? 'degraded'
      : statuses.includes('degraded')
        ? 'degraded'
        : 'ok';
    return { status, components, uptime_s: Math.round((Date.now() - startedAt.getTime()) / 1000) };
  }

  router.get('/health', async (_request, response) => {
    response.json(await report());
  });

  router.get('/health/ready', async (_request, response) => {
    const body = await report();
    const essential = [body.components.memory, body.components.checkpoints];
    const ready = essential.every((component) => component && component.status !== 'down');
    response.status(ready ? 200 : 503).json({ ...body, ready });
  });

  router.get('/metrics', (_request, response) => {
    response.type('text/plain; version=0.0.4').send(runtime.deps.cache.metricsText());
  });

  return router;
}
