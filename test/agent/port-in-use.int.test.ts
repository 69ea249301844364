import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { PROJECT_ROOT, tempDataDir } from '../helpers/server-process.js';

/** Runs an entry point to its exit and returns its exit code and combined output. */
function runToExit(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
      cwd: PROJECT_ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        LOG_LEVEL: 'warn',
        WEB_FETCH: 'false',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    // A process that wrongly reports success keeps running, so the test ends it and fails.
    const timer = setTimeout(() => child.kill('SIGKILL'), 40_000);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('port already in use', () => {
  let holder: Server;
  let port: number;

  beforeAll(async () => {
    holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const address = holder.address();
    port = typeof address === 'object' && address ? address.port : 0;
  });

  afterAll(() => new Promise<void>((resolve) => holder.close(() => resolve())));

  it('makes npm start exit with the reason', async () => {
    const result = await runToExit(['server/main.ts'], {
      PORT: String(port),
      DATA_DIR: tempDataDir(),
    });

    expect(result.code).toBe(1);
    expect(result.output).toContain('EADDRINUSE');
    expect(result.output).toContain('PORT');
    expect(result.output).not.toContain('Travel agent listening');
  }, 60_000);

  it('makes the MCP agent over HTTP exit with the reason', async () => {
    const result = await runToExit(['mcp-servers/travel-agent/main.ts', '--http', String(port)], {
      DATA_DIR: tempDataDir(),
    });

    expect(result.code).toBe(1);
    expect(result.output).toContain('EADDRINUSE');
    expect(result.output).not.toContain('MCP server at');
  }, 60_000);
});
