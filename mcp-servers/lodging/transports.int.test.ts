import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SearchOutput } from './schemas.js';
import {
  startDuffelStaysStandIn,
  type DuffelStaysStandIn,
} from './testing/duffel-stays-stand-in.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MAIN = path.join(REPO, 'mcp-servers/lodging/main.ts');
/** Server-side time limit; generous because the first call in a child also loads place data. */
const CALL_TIMEOUT_MS = 2_000;

function isoDay(daysFromToday: number): string {
  return new Date(Date.now() + daysFromToday * 86_400_000).toISOString().slice(0, 10);
}

const STAY = { location: 'Lisbon', check_in: isoDay(30), check_out: isoDay(33), adults: 2 };

let standIn: DuffelStaysStandIn;

beforeAll(async () => {
  standIn = await startDuffelStaysStandIn();
});

afterAll(async () => {
  await standIn.close();
});

beforeEach(() => {
  standIn.reset();
});

function serverEnv(logLevel: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    LOG_LEVEL: logLevel,
    DUFFEL_ACCESS_TOKEN: 'duffel_test_transport',
    DUFFEL_BASE_URL: standIn.baseUrl,
  };
}

/** Runs the checks every transport must pass; `open` connects a fresh client. */
function describeTransport(name: string, open: () => Promise<{ client: Client; errors: Error[] }>) {
  describe(`lodging server over ${name}`, () => {
    let client: Client;
    let errors: Error[];

    beforeEach(async () => {
      ({ client, errors } = await open());
      // Loads the places data in the child, so later time limits only measure the stand-in.
      await client.callTool({ name: 'search_accommodations', arguments: STAY });
      standIn.reset();
    });

    afterEach(async () => {
      await client.close();
    });

    it('searches through Duffel', async () => {
      const result = (await client.callTool({
        name: 'search_accommodations',
        arguments: STAY,
      })) as CallToolResult;
      expect(result.isError).toBeFalsy();
      const output = result.structuredContent as SearchOutput;
      expect(output.provider).toBe('duffel');
      expect(output.location.name).toBe('Lisbon');
      expect(output.offers[0]?.id).toBe('acc_0000lis1');
      expect(standIn.requests[0]?.authorization).toBe('Bearer duffel_test_transport');
      expect(errors).toEqual([]);
    });

    it('cancel aborts the Duffel request', async () => {
      standIn.failNext({ kind: 'hang' });
      const hanging = standIn.nextHang();
      const aborted = standIn.nextAbort();
      const controller = new AbortController();
      const pending = client.callTool(
        { name: 'get_accommodation_details', arguments: { ...STAY, id: 'acc_0000lis1' } },
        undefined,
        { signal: controller.signal, timeout: 60_000 },
      );
      await hanging;
      controller.abort(new Error('user left'));

      await expect(pending).rejects.toThrow(/user left/);
      expect(await aborted).toBe('/stays/search');
    });

    it('time limit aborts and answers', async () => {
      standIn.failNext({ kind: 'hang' });
      const aborted = standIn.nextAbort();
      const result = (await client.callTool(
        { name: 'search_accommodations', arguments: STAY },
        undefined,
        { timeout: 60_000 },
      )) as CallToolResult;
      expect(result.isError).toBe(true);
      expect(result._meta?.error_code).toBe('timeout');
      expect(await aborted).toBe('/stays/search');
    });
  });
}

describeTransport('stdio', async () => {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: ['--import', 'tsx', MAIN, '--call-timeout-ms', String(CALL_TIMEOUT_MS)],
    cwd: REPO,
    // Logs at debug level must still stay off stdout, which carries protocol only.
    env: serverEnv('debug'),
    stderr: 'ignore',
  });
  return connect(transport);
});

let httpServer: ChildProcess;
let mcpUrl: string;

describe('Streamable HTTP', () => {
  beforeAll(async () => {
    httpServer = spawn(
      process.execPath,
      ['--import', 'tsx', MAIN, '--http', '0', '--call-timeout-ms', String(CALL_TIMEOUT_MS)],
      { cwd: REPO, env: serverEnv('info'), stdio: ['ignore', 'ignore', 'pipe'] },
    );
    mcpUrl = await new Promise<string>((resolve, reject) => {
      let output = '';
      httpServer.stderr!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /"url":"(http:\/\/127\.0\.0\.1:\d+\/mcp)"/.exec(output);
        if (match) resolve(match[1]!);
      });
      httpServer.once('exit', (code) => reject(new Error(`HTTP server exited with ${code}`)));
    });
  });

  afterAll(() => {
    httpServer.kill('SIGTERM');
  });

  describeTransport('Streamable HTTP', () =>
    connect(new StreamableHTTPClientTransport(new URL(mcpUrl))),
  );

  describe('sessions', () => {
    async function initialize(): Promise<string> {
      const response = await post(undefined, {
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: {
          protocolVersion: '2025-11-25',
          capabilities: {},
          clientInfo: { name: 'raw-test', version: '1.0.0' },
        },
      });
      expect(response.status).toBe(200);
      await response.body?.cancel();
      const sessionId = response.headers.get('mcp-session-id');
      expect(sessionId).toMatch(/^[\x21-\x7e]+$/);
      return sessionId!;
    }

    function post(sessionId: string | undefined, body: unknown): Promise<Response> {
      return fetch(mcpUrl, {
        method: 'POST',
        headers: {
          accept: 'application/json, text/event-stream',
          'content-type': 'application/json',
          ...(sessionId
            ? { 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-11-25' }
            : {}),
        },
        body: JSON.stringify(body),
      });
    }

    it('GET opens the SSE stream', async () => {
      const sessionId = await initialize();
      const controller = new AbortController();
      const response = await fetch(mcpUrl, {
        headers: {
          accept: 'text/event-stream',
          'mcp-session-id': sessionId,
          'mcp-protocol-version': '2025-11-25',
        },
        signal: controller.signal,
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
      controller.abort();
    });

    it('GET without session is 400', async () => {
      const response = await fetch(mcpUrl, { headers: { accept: 'text/event-stream' } });
      expect(response.status).toBe(400);
    });

    it('request without session is 400', async () => {
      const response = await post(undefined, { jsonrpc: '2.0', id: 2, method: 'tools/list' });
      expect(response.status).toBe(400);
      const body = (await response.json()) as { error: { message: string } };
      expect(body.error.message).toMatch(/initialize/);
    });

    it('DELETE ends the session', async () => {
      const sessionId = await initialize();
      const deleted = await fetch(mcpUrl, {
        method: 'DELETE',
        headers: { 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-11-25' },
      });
      expect(deleted.status).toBe(200);

      const after = await post(sessionId, { jsonrpc: '2.0', id: 3, method: 'tools/list' });
      expect(after.status).toBe(404);
    });

    it('unknown session is 404', async () => {
      const response = await post('no-such-session', {
        jsonrpc: '2.0',
        id: 4,
        method: 'tools/list',
      });
      expect(response.status).toBe(404);
    });

    it('other methods are 405', async () => {
      const response = await fetch(mcpUrl, { method: 'PUT', body: '{}' });
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('GET, POST, DELETE');
    });

    it('foreign Origin is 403', async () => {
      const response = await fetch(mcpUrl, {
        method: 'POST',
        headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
        body: '{}',
      });
      expect(response.status).toBe(403);
    });
  });
});

/** Connects a client and collects transport errors, such as a non-JSON line on stdout. */
async function connect(transport: Transport): Promise<{ client: Client; errors: Error[] }> {
  const errors: Error[] = [];
  const client = new Client({ name: 'transport-test', version: '1.0.0' });
  client.onerror = (error) => errors.push(error);
  await client.connect(transport);
  return { client, errors };
}
