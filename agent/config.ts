import path from 'node:path';
import { z } from 'zod';

/** Parses a boolean env value; accepts the usual spellings so `1`, `true` and `yes` all work. */
const booleanFromEnv = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'])
  .transform((value) => ['1', 'true', 'yes', 'on'].includes(value));

const optionalUrl = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .pipe(z.string().url().optional());

const optionalSecret = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

/**
 * Settings that the server, the CLI and the MCP servers share. The cache TTLs, the terminal chat
 * and the MCP agent server read their own variables, all listed in `.env.example`.
 */
const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().default('127.0.0.1'),
  DATA_DIR: z.string().default('./data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  /** PostgreSQL for checkpoints and memory; embedded SQLite and PGlite when unset. */
  DATABASE_URL: optionalUrl.optional(),
  /** A URL, or `embedded`, to keep memory apart from a PostgreSQL that lacks pgvector. */
  MEMORY_DATABASE_URL: z.string().trim().optional(),
  /** Any Redis-protocol server (Dragonfly, Redis) for the shared tool cache. */
  DRAGONFLY_URL: optionalUrl.optional(),
  /** Prefix of every cache key, so several deployments can share one cache server. */
  CACHE_NAMESPACE: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,32}$/)
    .default('ta'),

  DUFFEL_ACCESS_TOKEN: optionalSecret,
  /** Base URL of the Duffel API; tests point it at a local stand-in. */
  DUFFEL_BASE_URL: optionalUrl.optional(),

  OPENAI_API_KEY: optionalSecret,
  OPENAI_BASE_URL: optionalUrl.optional(),
  OPENAI_MODEL: z.string().default('gpt-4o-mini'),
  OPENAI_EMBEDDING_MODEL: z.string().default('text-embedding-3-small'),

  /** Path of the `mcpServers` JSON file that names the lodging MCP servers. */
  MCP_CONFIG: z.string().optional(),

  /** Fetch web pages for destination questions; off means data-package facts only. */
  WEB_FETCH: booleanFromEnv.default(true),
  /** Base URL of the wiki that destination articles come from. */
  WIKIVOYAGE_BASE_URL: z.string().url().default('https://en.wikivoyage.org/wiki/'),
  /**
   * Lets the page fetcher reach loopback and private addresses. Only tests that serve pages
   * from 127.0.0.1 set it; enabling it in production opens the server to SSRF.
   */
  DANGEROUSLY_ALLOW_PRIVATE_FETCH: booleanFromEnv.default(false),

  /** Comma-separated API keys; when set, every request needs `Authorization: Bearer KEY`. */
  API_KEYS: optionalSecret,
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(120),

  /** IANA time zone used for relative dates when a request does not name one. */
  DEFAULT_TIME_ZONE: z.string().default('UTC'),
});

export type AppConfig = z.infer<typeof configSchema> & {
  /** DATA_DIR resolved to an absolute path. */
  dataDir: string;
};

/** A configuration problem, reported at start with the variable that is wrong. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Parses settings from an env object (usually `process.env`); throws ConfigError when invalid. */
export function loadConfig(env: Record<string, string | undefined> = {}): AppConfig {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
      .join('; ');
    throw new ConfigError(`Invalid environment: ${problems}. See .env.example for each variable.`);
  }

  return { ...parsed.data, dataDir: path.resolve(parsed.data.DATA_DIR) };
}
