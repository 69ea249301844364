import { ConfigError } from './config.js';

/** Connection failures whose message already names the address and the reason. */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EADDRINUSE',
  'EACCES',
  '28P01',
  '3D000',
]);

/**
 * Describes why a process failed to start. Configuration and dependency problems the operator
 * can fix get their message alone; anything unexpected keeps its stack for a bug report.
 */
export function describeStartupError(error: unknown): string {
  if (error instanceof ConfigError) return error.message;
  if (error instanceof Error && ['MemoryStoreError', 'DataDirLockedError'].includes(error.name)) {
    return error.message;
  }

  const code = (error as { code?: unknown } | undefined)?.code;
  if (error instanceof Error && code === 'EADDRINUSE') {
    return `${error.message}. Another process is listening there: stop it, or pick a free port with PORT (npm start) or --http PORT (MCP servers).`;
  }
  if (error instanceof Error && typeof code === 'string' && CONNECTION_CODES.has(code)) {
    return `${error.message} (${code}). Check the URL in DATABASE_URL, MEMORY_DATABASE_URL or PORT and that the service is running.`;
  }
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
