import { parseArgs } from 'node:util';

/** Transport that `main.ts` serves: stdio, or Streamable HTTP on a host and port. */
export type ServeMode = { transport: 'stdio' } | { transport: 'http'; host: string; port: number };

export const USAGE =
  'Usage: mcp-servers/travel-agent/main.ts [--http PORT [--host HOST]]\n' +
  '  (no flags)    serve MCP on stdio\n' +
  '  --http PORT   serve Streamable HTTP at http://HOST:PORT/mcp (0 picks a free port)\n' +
  '  --host HOST   address to bind with --http, 127.0.0.1 by default; any other address\n' +
  '                requires MCP_AUTH_TOKEN';

/** A command line that cannot be served; the message includes the usage text. */
export class UsageError extends Error {
  constructor(message: string) {
    super(`${message}\n${USAGE}`);
    this.name = 'UsageError';
  }
}

/** Parses the command line; throws UsageError for unknown flags or a bad port. */
export function parseServeMode(argv: string[]): ServeMode {
  let values: { http?: string; host?: string };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { http: { type: 'string' }, host: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }

  if (values.http === undefined) {
    if (values.host !== undefined) throw new UsageError('--host needs --http PORT.');
    return { transport: 'stdio' };
  }

  const port = Number(values.http);
  if (values.http.trim() === '' || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`--http needs a port number from 0 to 65535, got "${values.http}".`);
  }
  const host = values.host?.trim() || '127.0.0.1';
  return { transport: 'http', host, port };
}

/** Tells whether an address only accepts connections from this machine. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  return bare === 'localhost' || bare === '::1' || /^127(\.\d{1,3}){3}$/.test(bare);
}
