import express, { type Express } from 'express';

import type { AgentRuntime } from '../agent/runtime.js';
import type { Logger } from '../agent/logger.js';
import { errorHandler, HttpError } from './errors.js';
import { rateLimit, requireApiKey } from './limits.js';
import { chatRoutes } from './routes/chat.js';
import { healthRoutes } from './routes/health.js';
import { memoryRoutes } from './routes/memories.js';
import { openAiRoutes } from './routes/openai.js';
import { threadRoutes } from './routes/threads.js';

/** Largest accepted JSON body; a chat message is at most 8,000 characters. */
export const BODY_LIMIT = '64kb';

export interface ServerApp {
  app: Express;
  /** Turns still running, awaited on graceful shutdown. */
  inFlight: Set<Promise<unknown>>;
}

/** Builds the Express app over a runtime; listening is left to the caller. */
export function createServerApp(runtime: AgentRuntime, logger: Logger): ServerApp {
  const app = express();
  const inFlight = new Set<Promise<unknown>>();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');

  app.use(healthRoutes(runtime, new Date()));

  const apiKeys =
    runtime.config.API_KEYS?.split(',')
      .map((key) => key.trim())
      .filter(Boolean) ?? [];
  if (apiKeys.length > 0) app.use(requireApiKey(apiKeys));
  app.use(rateLimit(runtime.config.RATE_LIMIT_PER_MINUTE));
  app.use(
    express.json({
      limit: BODY_LIMIT,
      strict: true,
      type: ['application/json', 'application/*+json'],
    }),
  );

  app.use(chatRoutes(runtime, logger, inFlight));
  app.use(threadRoutes(runtime));
  app.use(memoryRoutes(runtime));
  app.use(openAiRoutes(runtime, logger, inFlight));

  app.use((request, _response, next) => {
    next(
      new HttpError(
        404,
        'not_found',
        `No route for ${request.method} ${request.path}. See the README for the API.`,
      ),
    );
  });
  app.use(errorHandler(logger));
  return { app, inFlight };
}
