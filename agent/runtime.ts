import type { BaseCheckpointSaver } from '@langchain/langgraph';
import { PostgresSaver } from '@langchain/langgraph-checkpoint-postgres';
import { SqliteSaver } from '@langchain/langgraph-checkpoint-sqlite';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

import {
  createOfflineEmbedder,
  createOpenAIEmbedder,
  openMemoryStore,
  type MemoryStore,
} from '../memory/index.js';
import {
  createToolCache,
  startWarming,
  type CacheCall,
  type WarmTask,
} from '../tools/cache/index.js';
import { resolvePlace } from '../tools/places/index.js';
import { createDestinationGuide } from '../tools/destination/index.js';
import { createFlightSearch } from '../tools/flights/index.js';
import { createLodgingClient } from '../tools/lodging/index.js';
import type { ComponentHealth } from '../tools/types.js';
import { buildAgentGraph, type AgentGraph } from './build-graph.js';
import type { AppConfig } from './config.js';
import { lockEmbeddedMemory } from './data-lock.js';
import type { AgentDeps } from './deps.js';
import type { Logger } from './logger.js';
import { openPostgresThreadLog, openSqliteThreadLog, type ThreadLog } from './threads.js';

/** The repository root, where the default `mcp.json` lives. */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The graph with everything it runs on, opened once per process. */
export interface AgentRuntime {
  graph: AgentGraph;
  deps: AgentDeps;
  memory: MemoryStore;
  threads: ThreadLog;
  config: AppConfig;
  /** Each component's health, checked concurrently with a time limit. */
  health(): Promise<Record<string, ComponentHealth>>;
  close(): Promise<void>;
}

/** Per-component time limit for health checks, so `/health` never hangs on a dependency. */
const HEALTH_TIMEOUT_MS = 1500;

/** Opens the stores, tools and cache named by the config and compiles the graph over them. */
export async function createAgentRuntime(
  config: AppConfig,
  logger: Logger,
  overrides: Partial<AgentDeps> = {},
): Promise<AgentRuntime> {
  mkdirSync(config.dataDir, { recursive: true });
  const closers: Array<() => Promise<void>> = [];

  try {
    const pool = config.DATABASE_URL
      ? new pg.Pool({ connectionString: config.DATABASE_URL, max: 10 })
      : undefined;
    if (pool) {
      pool.on('error', (error) =>
        logger.error({ err: error.message }, 'idle PostgreSQL client failed'),
      );
      closers.push(() => pool.end());
    }

    const checkpointer = await openCheckpointer(config, pool);
    const threads = pool ? await openPostgresThreadLog(pool) : openSqliteThreadLog(config.dataDir);
    closers.push(() => threads.close());

    const memoryUrl = memoryDatabaseUrl(config);
    if (!memoryUrl) {
      const release = await lockEmbeddedMemory(config.dataDir);
      closers.push(async () => release());
    }
    const memory = await openMemoryStore({
      databaseUrl: memoryUrl,
      dataDir: config.dataDir,
      embedder: config.OPENAI_API_KEY
        ? createOpenAIEmbedder({
            apiKey: config.OPENAI_API_KEY,
            baseUrl: config.OPENAI_BASE_URL,
            model: config.OPENAI_EMBEDDING_MODEL,
          })
        : createOfflineEmbedder(),
      logger,
    });
    closers.push(() => memory.close());

    const deps = createAgentDeps(config, logger, overrides);
    closers.push(() => deps.cache.close());
    closers.push(() => deps.lodging.close());
    closers.push(() => deps.destination.close());
    const { cache, lodging } = deps;

    const graph = buildAgentGraph(deps, { checkpointer, store: memory });

    // Background work that makes the first turns fast; neither blocks the start nor fails it.
    setImmediate(() => {
      resolvePlace('London');
      void lodging.health();
    });
    void startWarming(cache, {
      env: process.env,
      referenceTasks: [],
      taskForCall: (call) => warmTaskFor(deps, call),
      logger,
    });

    return {
      graph,
      deps,
      memory,
      threads,
      config,
      health: () =>
        checkHealth({
          memory: () => memory.health(),
          cache: () => cache.health(),
          lodging: () => lodging.health(),
          checkpoints: async () => ({ status: 'ok', backend: pool ? 'postgres' : 'sqlite' }),
          flights: async () => ({ status: 'ok', backend: deps.flights.provider }),
          llm: async () => ({ status: 'disabled', backend: 'offline-model' }),
        }),
      async close() {
        for (const close of closers.reverse()) {
          await close().catch((error: Error) =>
            logger.warn({ err: error.message }, 'close failed'),
          );
        }
      },
    };
  } catch (error) {
    for (const close of closers.reverse()) await close().catch(() => undefined);
    throw error;
  }
}

/**
 * Builds the tools and cache the graph calls. Nothing here connects yet: the lodging server
 * starts and the cache connects on first use.
 */
export function createAgentDeps(
  config: AppConfig,
  logger: Logger,
  overrides: Partial<AgentDeps> = {},
): AgentDeps {
  const cache =
    overrides.cache ??
    createToolCache({
      redisUrl: config.DRAGONFLY_URL,
      namespace: config.CACHE_NAMESPACE,
      logger,
      env: process.env,
    });
  return {
    flights: createFlightSearch({
      duffelAccessToken: config.DUFFEL_ACCESS_TOKEN,
      duffelBaseUrl: config.DUFFEL_BASE_URL,
      logger,
    }),
    lodging: createLodgingClient({
      configPath: config.MCP_CONFIG
        ? path.resolve(config.MCP_CONFIG)
        : path.join(PROJECT_ROOT, 'mcp.json'),
      logger,
    }),
    destination: createDestinationGuide({
      webFetch: config.WEB_FETCH,
      wikivoyageBaseUrl: config.WIKIVOYAGE_BASE_URL,
      allowPrivateAddresses: config.DANGEROUSLY_ALLOW_PRIVATE_FETCH,
      logger,
      // Every question about one page reads the same extracted article for its TTL.
      articleCache: (pageUrl, load) => cache.wrap(destinationArticleCall(pageUrl), load),
    }),
    cache,
    logger,
    defaultTimeZone: config.DEFAULT_TIME_ZONE,
    toolTimeoutMs: 15_000,
    tokenDelayMs: 0,
    now: () => new Date(),
    ...overrides,
  };
}

/** Builds the cache call of a destination page's extracted article. */
function destinationArticleCall(pageUrl: string): CacheCall {
  return { tool: 'destination_article', dataType: 'destination_page', args: { url: pageUrl } };
}

/** Rebuilds a recorded popular tool call so warming can run it again. */
function warmTaskFor(deps: AgentDeps, call: CacheCall): WarmTask | undefined {
  const args = call.args as never;
  switch (call.tool) {
    case 'search_flights':
      return { call, run: (signal) => deps.flights.search(args, { signal }) };
    case 'search_accommodations':
      return { call, run: (signal) => deps.lodging.search(args, { signal }) };
    case 'destination_article': {
      const { url } = call.args as { url?: unknown };
      if (typeof url !== 'string') return undefined;
      return { call, run: (signal) => deps.destination.fetchArticle(url, { signal }) };
    }
    default:
      return undefined;
  }
}

function memoryDatabaseUrl(config: AppConfig): string | undefined {
  if (config.MEMORY_DATABASE_URL === 'embedded') return undefined;
  return config.MEMORY_DATABASE_URL || config.DATABASE_URL;
}

async function openCheckpointer(
  config: AppConfig,
  pool: pg.Pool | undefined,
): Promise<BaseCheckpointSaver> {
  if (pool) {
    const saver = new PostgresSaver(pool);
    await saver.setup();
    return saver;
  }
  return SqliteSaver.fromConnString(path.join(config.dataDir, 'checkpoints.sqlite'));
}

async function checkHealth(
  checks: Record<string, () => Promise<ComponentHealth>>,
): Promise<Record<string, ComponentHealth>> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      const started = performance.now();
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<ComponentHealth>((resolve) => {
        timer = setTimeout(
          () =>
            // Slow is not down: a component still starting (the lodging server) responds later.
            resolve({
              status: 'degraded',
              backend: 'unknown',
              detail: `no answer within ${HEALTH_TIMEOUT_MS} ms`,
            }),
          HEALTH_TIMEOUT_MS,
        );
      });
      try {
        const health = await Promise.race([check(), timeout]);
        return [name, { latencyMs: Math.round(performance.now() - started), ...health }] as const;
      } catch (error) {
        return [
          name,
          {
            status: 'down',
            backend: 'unknown',
            detail: (error as Error).message,
          } as ComponentHealth,
        ] as const;
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  return Object.fromEntries(entries);
}
