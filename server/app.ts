import express, { type Express, type RequestHandler } from 'express';

import type { AgentRuntime } from '../agent/runtime.js';
import type { Logger } from '../agent/logger.js';
import { errorHandler, HttpError } from './errors.js';
import { parseApiKeys, rateLimit, requireApiKey } from './limits.js';
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

/** Rejects a POST body that is not JSON with 415, naming the type that was sent. */
const requireJsonBody: RequestHandler = (request, _response, next) => {
  const hasBody =
    Number(request.get('content-length') ?? 0) > 0 ||
    request.get('transfer-encoding') !== undefined;
  if (
    request.method === 'POST' &&
    hasBody &&
    !request.is(['application/json', 'application/*+json'])
  ) {
    next(
      new HttpError(
        415,
        'unsupported_media_type',
        `Content-Type ${request.get('content-type') ?? '(none)'} is not supported: send a JSON body with Content-Type: application/json.`,
      ),
    );
    return;
  }
  next();
};

/** Methods each known path answers, for a 405 with `Allow` instead of a 404. */
const ROUTE_METHODS: Array<[RegExp, string[]]> = [
  [/^\/chat$/, ['POST']],
  [/^\/threads$/, ['GET']],
  [/^\/threads\/[^/]+$/, ['GET', 'DELETE']],
  [/^\/users\/[^/]+\/memories$/, ['GET', 'DELETE']],
  [/^\/v1\/chat\/completions$/, ['POST']],
  [/^\/v1\/models$/, ['GET']],
  [/^\/(health|health\/ready|metrics)$/, ['GET']],
];

/** Builds the Express app over a runtime; listening is left to the caller. */
export function createServerApp(runtime: AgentRuntime, logger: Logger): ServerApp {
  const app = express();
  const inFlight = new Set<Promise<unknown>>();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');

  app.use(healthRoutes(runtime, new Date()));

  const apiKeys = parseApiKeys(runtime.config.API_KEYS);
  if (apiKeys.length > 0) app.use(requireApiKey(apiKeys));
  app.use(rateLimit(runtime.config.RATE_LIMIT_PER_MINUTE));
  app.use(
    express.json({
      limit: BODY_LIMIT,
      // Any JSON value is parsed, so a body such as `5` gets "must be a JSON object" from
      // validation instead of a misleading "not valid JSON".
      strict: false,
      type: ['application/json', 'application/*+json'],
    }),
  );
  app.use(requireJsonBody);

  app.use(chatRoutes(runtime, logger, inFlight));
  app.use(threadRoutes(runtime));
  app.use(memoryRoutes(runtime));
  app.use(openAiRoutes(runtime, logger, inFlight));

  app.use((request, response, next) => {
    const allowed = ROUTE_METHODS.find(([pattern]) => pattern.test(request.path))?.[1];
    if (allowed) {
      response.set('Allow', allowed.join(', '));
      next(
        new HttpError(
          405,
          'method_not_allowed',
          `${request.method} is not allowed on ${request.path}: use ${allowed.join(' or ')}.`,
        ),
      );
      return;
    }
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
