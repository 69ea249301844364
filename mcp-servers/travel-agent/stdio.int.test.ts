import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  getDefaultEnvironment,
  StdioClientTransport,
} from '@modelcontextprotocol/sdk/client/stdio.js';
import { JSONRPCMessageSchema } from '@modelcontextprotocol/sdk/types.js';
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

let workDir: string;
/** One data folder for every child, so that only the first one pays for creating memory. */
let dataDir: string;

beforeAll(() => {
  workDir = mkdtempSync(path.join(tmpdir(), 'travel-agent-stdio-'));
  dataDir = path.join(workDir, 'data');
});

afterAll(() => {
  rmSync(workDir, { recursive: true, force: true });
});

function childEnv(dataDir: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...getDefaultEnvironment(),
    DATA_DIR: dataDir,
    WEB_FETCH: 'false',
    LOG_LEVEL: 'warn',
    ...extra,
  };
}

async function connectChild(env: Record<string, string>) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: ['--import', 'tsx', MAIN],
    cwd: REPO,
    env,
    stderr: 'pipe',
  });
  const errors: Error[] = [];
  const client = new Client({ name: 'stdio-int-test', version: '1.0.0' });
  client.onerror = (error) => errors.push(error);
  await client.connect(transport);
  return { client, traffic: recordTraffic(transport), errors };
}

describe('travel agent MCP server over stdio', () => {
  it(
    'writes only protocol messages to stdout',
    async () => {
      const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
        cwd: REPO,
        env: childEnv(dataDir, {
          LOG_LEVEL: 'debug',
          DRAGONFLY_URL: 'redis://127.0.0.1:1',
        }),
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += chunk));
      const searchAnswered = new Promise<void>((resolve) => {
        child.stdout.on('data', (chunk) => {
          stdout += chunk;
          if (/"id":3\b/.test(stdout)) resolve();
        });
      });
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));

      const send = (message: unknown) => child.stdin.write(`${JSON.stringify(message)}\n`);
      send({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: {
          protocolVersion: '2025-11-25',
          capabilities: {},
          clientInfo: { name: 'raw', version: '1' },
        },
      });
      send({ jsonrpc: '2.0', method: 'notifications/initialized' });
      send({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
      // A cached search makes the cache try the unreachable Redis and log about it.
      send({
        jsonrpc: '2.0',
        id: 3,
        method: 'tools/call',
        params: {
          name: 'search_flights',
          arguments: { origin: 'Berlin', destination: 'Lisbon', depart_date: isoDay(30) },
          _meta: { progressToken: 'raw-progress' },
        },
      });
      await searchAnswered;
      child.stdin.end();
      expect(await exited).toBe(0);

      const lines = stdout.split('\n');
      expect(lines.pop()).toBe('');
      for (const line of lines) {
        expect(JSONRPCMessageSchema.safeParse(JSON.parse(line)).success, line).toBe(true);
      }
      const ids = lines.map((line) => JSON.parse(line).id).filter((id) => id !== undefined);
      expect(ids).toEqual([1, 2, 3]);
      // Logs, at debug level here, go to stderr.
      expect(stderr).toMatch(/ready on stdio/);
    },
    CHILD_TEST_TIMEOUT_MS,
  );

  it(
    'serves chat, cancellation and direct tools to the SDK client',
    async () => {
      const lodging = writeHangingLodgingConfig(workDir);
      const env = childEnv(dataDir, {
        MCP_CONFIG: lodging.configPath,
        TRAVEL_AGENT_USER: 'stdio-user',
      });
      const { client, traffic, errors } = await connectChild(env);
      try {
        await expectCancelledChat(client, traffic, {
          message: `Find hotels in Lisbon from ${isoDay(30)} to ${isoDay(33)} for 2 adults, I am vegetarian`,
          searchTool: 'search_accommodations',
          threadId: 'cancelled-over-stdio',
          searchRunning: () => fileAppears(lodging.markerPath),
        });
        await expectTwoTurnChat(client);
        await expectDirectTools(client);
      } finally {
        await client.close();
      }
      expect(errors).toEqual([]);

      // A new process on the same DATA_DIR and user sees what the first one stored.
      const again = await connectChild(env);
      try {
        const recalled = await again.client.callTool({ name: 'recall', arguments: {} });
        const memories = (recalled.structuredContent as { memories: Array<{ text: string }> })
          .memories;
        expect(memories.map((memory) => memory.text)).toContain('I prefer aisle seats');
      } finally {
        await again.client.close();
      }
    },
    CHILD_TEST_TIMEOUT_MS,
  );

  it(
    'lists tools through the Inspector CLI',
    async () => {
      const inspector = path.join(REPO, 'node_modules/.bin/mcp-inspector');
      const child = spawn(
        inspector,
        [
          '--cli',
          '-e',
          `DATA_DIR=${dataDir}`,
          '-e',
          'WEB_FETCH=false',
          process.execPath,
          '--import',
          'tsx',
          MAIN,
          '--method',
          'tools/list',
        ],
        { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => (stdout += chunk));
      child.stderr.on('data', (chunk) => (stderr += chunk));
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));

      expect(code, stderr).toBe(0);
      const names = (JSON.parse(stdout) as { tools: Array<{ name: string }> }).tools.map(
        (tool) => tool.name,
      );
      expect(names.sort()).toEqual([
        'chat',
        'destination_guide',
        'forget',
        'recall',
        'remember',
        'search_flights',
        'search_stays',
      ]);
    },
    CHILD_TEST_TIMEOUT_MS,
  );
});
