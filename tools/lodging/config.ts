import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ToolError } from '../types.js';

/**
 * Maps our tool and argument names onto a third-party server's names. An `argMap` value of null
 * leaves that argument out.
 */
const adapterShape = {
  toolMap: z.record(z.string(), z.string()).optional(),
  argMap: z.record(z.string(), z.string().nullable()).optional(),
};

const stdioEntrySchema = z.object({
  command: z.string().min(1),
  args: z.array(z.string()).default([]),
  env: z.record(z.string(), z.string()).default({}),
  cwd: z.string().optional(),
  ...adapterShape,
});

const httpEntrySchema = z.object({
  url: z.string().url(),
  headers: z.record(z.string(), z.string()).default({}),
  ...adapterShape,
});

const configFileSchema = z.object({
  mcpServers: z.record(z.string(), z.union([stdioEntrySchema, httpEntrySchema])),
});

/** Variables passed from the agent to a stdio server, because the SDK passes only PATH, HOME and a few more. */
const PASSED_ENV = ['DUFFEL_ACCESS_TOKEN', 'DUFFEL_BASE_URL', 'LOG_LEVEL'];

export type ServerAdapter = {
  toolMap: Record<string, string>;
  argMap: Record<string, string | null>;
};

export type McpServerEntry =
  | ({
      transport: 'stdio';
      name: string;
      command: string;
      args: string[];
      env: Record<string, string>;
      cwd: string;
    } & ServerAdapter)
  | ({
      transport: 'http';
      name: string;
      url: string;
      headers: Record<string, string>;
    } & ServerAdapter);

/**
 * Reads an `mcpServers` file and returns the entry named `serverName`, or the `lodging` entry, or
 * the first one. Relative paths resolve against the file's folder, so the agent can start anywhere.
 */
export function readMcpServerEntry(configPath: string, serverName?: string): McpServerEntry {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(configPath, 'utf8'));
  } catch (error) {
    throw new ToolError(
      'unavailable',
      `The MCP config file ${configPath} could not be read: ${(error as Error).message}. Set MCP_CONFIG to a valid mcpServers JSON file.`,
    );
  }

  const parsed = configFileSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
      .join('; ');
    throw new ToolError(
      'unavailable',
      `The MCP config file ${configPath} is invalid (${problems}); each server needs "command" or "url".`,
    );
  }

  const servers = parsed.data.mcpServers;
  const name = serverName ?? ('lodging' in servers ? 'lodging' : Object.keys(servers)[0]);
  const entry = name === undefined ? undefined : servers[name];
  if (name === undefined || entry === undefined) {
    throw new ToolError(
      'unavailable',
      `The MCP config file ${configPath} has no server named "${serverName ?? 'lodging'}".`,
    );
  }

  const adapter = { toolMap: entry.toolMap ?? {}, argMap: entry.argMap ?? {} };
  if ('url' in entry) {
    return { transport: 'http', name, url: entry.url, headers: entry.headers, ...adapter };
  }

  const configDir = path.dirname(path.resolve(configPath));
  return {
    transport: 'stdio',
    name,
    command: entry.command === 'node' ? process.execPath : entry.command,
    args: entry.args.map((arg) => resolveArgPath(configDir, arg)),
    env: { ...inheritedEnv(), ...entry.env },
    cwd: entry.cwd ? path.resolve(configDir, entry.cwd) : configDir,
    ...adapter,
  };
}

/** Makes a relative file argument absolute when that file exists beside the config file. */
function resolveArgPath(configDir: string, arg: string): string {
  if (arg.startsWith('-') || path.isAbsolute(arg)) {
    return arg;
  }
  const candidate = path.resolve(configDir, arg);
  return existsSync(candidate) ? candidate : arg;
}

function inheritedEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of PASSED_ENV) {
    const value = process.env[key];
    if (value !== undefined && value !== '') {
      env[key] = value;
    }
  }
  return env;
}
