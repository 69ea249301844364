import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  expectCancelledChat,
  expectDirectTools,
  expectTwoTurnChat,
  fileAppears,
  isoDay,
  MAIN,
  recordTraffic,
  REPO,
  writeHangingLodgingConfig,
} from './testing/scenarios.js';

/** Creating embedded memory in a fresh folder takes seconds; on a busy machine, far more. */
const CHILD_TEST_TIMEOUT_MS = 120_000;
const TOKEN = 'http-int-token-0123456789';

let workDir: string;
let child: ChildProcessWithoutNullStreams;
let url: string;
let markerPath: string;

beforeAll(async () => {
  workDir = mkdtempSync(path.join(tmpdir(), 'travel-agent-http-'));
  const lodging = writeHangingLodgingConfig(workDir);
  markerPath = lodging.markerPath;
  child = spawn(process.execPath, ['--import', 'tsx', MAIN, '--http', '0'], {
    cwd: REPO,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATA_DIR: path.join(workDir, 'data'),
      WEB_FETCH: 'false',
      LOG_LEVEL: 'warn',
      MCP_CONFIG: lodging.configPath,
      MCP_AUTH_TOKEN: TOKEN,
    },
  });
  url = await new Promise<string>((resolve, reject) => {
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      const found = stderr.match(/MCP server at (http:\/\/\S+\/mcp)/);
      if (found) resolve(found[1]);
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${stderr}`)));
  });
}, CHILD_TEST_TIMEOUT_MS);

afterAll(async () => {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
  rmSync(workDir, { recursive: true, force: true });
});

async function connect() {
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: { headers: { authorization: `Bearer ${TOKEN}` } },
  });
  const client = new Client({ name: 'http-int-test', version: '1.0.0' });
  await client.connect(transport);
  return { client, transport, traffic: recordTraffic(transport) };
}

describe('travel agent MCP server over Streamable HTTP', () => {
  it(
    'serves chat, cancellation and direct tools to the SDK client',
    async () => {
      const { client, transport, traffic } = await connect();
      try {
        await expectCancelledChat(client, traffic, {
          message: `Find hotels in Lisbon from ${isoDay(30)} to ${isoDay(33)} for 2 adults, I am vegetarian`,
          searchTool: 'search_accommodations',
          threadId: 'cancelled-over-http',
          searchRunning: () => fileAppears(markerPath),
        });
        await expectTwoTurnChat(client);
        await expectDirectTools(client);
      } finally {
        await transport.terminateSession();
        await client.close();
      }
    },
    CHILD_TEST_TIMEOUT_MS,
  );

  it('rejects a client without the token', async () => {
    const transport = new StreamableHTTPClientTransport(new URL(url));
    const client = new Client({ name: 'http-int-no-token', version: '1.0.0' });
    await expect(client.connect(transport)).rejects.toThrow(/401|Unauthorized|bearer/i);
  });

  it(
    'lists tools through the Inspector CLI',
    async () => {
      const tokenless = spawn(
        path.join(REPO, 'node_modules/.bin/mcp-inspector'),
        ['--cli', url, '--method', 'tools/list'],
        { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let output = '';
      tokenless.stdout.on('data', (chunk) => (output += chunk));
      tokenless.stderr.on('data', (chunk) => (output += chunk));
      const code = await new Promise((resolve) => tokenless.once('exit', resolve));
      // NOTE: Inspector 0.15 has no option for request headers, so it can only show the refusal.
      expect(code).not.toBe(0);
      expect(output).toMatch(/Missing bearer token/);
    },
    CHILD_TEST_TIMEOUT_MS,
  );
});
