import { z } from 'zod';

import { ConfigError } from '../../agent/config.js';

/** Tokens shorter than this are easy to guess, so the server rejects them at start. */
const MIN_TOKEN_LENGTH = 16;

/** Settings of the travel agent MCP server that the shared agent config does not cover. */
const mcpAgentSchema = z.object({
  /** User whose memory and threads every call uses; the same id in the HTTP server shares them. */
  TRAVEL_AGENT_USER: z.string().trim().min(1).max(200).default('local'),
  /** Bearer token for Streamable HTTP; required when the server binds beyond loopback. */
  MCP_AUTH_TOKEN: z
    .string()
    .trim()
    .transform((value) => (value === '' ? undefined : value))
    .pipe(z.string().min(MIN_TOKEN_LENGTH).optional())
    .optional(),
  /** Comma-separated extra origins, such as `https://chat.example.com`; loopback is always allowed. */
  MCP_ALLOWED_ORIGINS: z.string().default(''),
  /** Seconds after which an HTTP session that sent nothing is closed. */
  MCP_SESSION_IDLE_SECONDS: z.coerce.number().int().positive().default(1800),
});

/** Parsed settings of the travel agent MCP server. */
export interface McpAgentConfig {
  userId: string;
  authToken?: string;
  allowedOrigins: string[];
  sessionIdleMs: number;
}

/** Parses the MCP server's own settings from an env object; throws ConfigError when invalid. */
export function loadMcpAgentConfig(env: Record<string, string | undefined>): McpAgentConfig {
  const parsed = mcpAgentSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
      .join('; ');
    throw new ConfigError(`Invalid environment for the travel agent MCP server: ${problems}.`);
  }

  const allowedOrigins = parsed.data.MCP_ALLOWED_ORIGINS.split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '');
  for (const origin of allowedOrigins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) {
      throw new ConfigError(
        `Invalid origin "${origin}" in MCP_ALLOWED_ORIGINS: use scheme://host[:port] with no path.`,
      );
    }
  }

  return {
    userId: parsed.data.TRAVEL_AGENT_USER,
    authToken: parsed.data.MCP_AUTH_TOKEN,
    allowedOrigins,
    sessionIdleMs: parsed.data.MCP_SESSION_IDLE_SECONDS * 1000,
  };
}
