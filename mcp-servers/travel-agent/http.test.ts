import { request as httpRequest } from 'node:http';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { ConfigError } from '../../agent/config.js';
import { silentLogger } from '../../agent/logger.js';
import { startMcpHttpServer, type McpHttpOptions, type McpHttpServer } from './http.js';
import { createRuntimeHandle } from './lazy-runtime.js';

const TOKEN = 'test-token-0123456789abcdef';

const INITIALIZE = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: {
    protocolVersion: '2025-11-25',
    capabilities: {},
    clientInfo: { name: 'raw-test', version: '1.0.0' },
  },
};

const servers: McpHttpServer[] = [];
const clients: Client[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** Starts the endpoint with a runtime that never opens: these tests need no tool to run. */
async function start(overrides: Partial<McpHttpOptions> = {}): Promise<McpHttpServer> {
  const server = await startMcpHttpServer({
    runtime: createRuntimeHandle(() => new Promise(() => undefined), silentLogger),
    userId: 'http-test',
    logger: silentLogger,
    host: '127.0.0.1',
    port: 0,
    allowedOrigins: [],
    sessionIdleMs: 60_000,
    ...overrides,
  });
  servers.push(server);
  return server;
}

async function connect(
  server: McpHttpServer,
  headers: Record<string, string> = {},
): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
  const transport = new StreamableHTTPClientTransport(new URL(server.url), {
    requestInit: { headers },
  });
  const client = new Client({ name: 'http-test', version: '1.0.0' });
  await client.connect(transport);
  clients.push(client);
  return { client, transport };
}

function post(
  server: McpHttpServer,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(server.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...headers,
    },
    body: JSON.stringify(body),
  });
}

/** Sends a request with a Host header of our choice, which fetch does not allow. */
function postWithHost(server: McpHttpServer, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      server.url,
      {
        method: 'POST',
        headers: {
          host,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
        },
      },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(JSON.stringify(INITIALIZE));
  });
}

describe('Streamable HTTP sessions', () => {
  it('gives concurrent clients separate sessions', async () => {
    const server = await start();
    const [first, second] = await Promise.all([connect(server), connect(server)]);

    expect(first.transport.sessionId).toBeDefined();
    expect(second.transport.sessionId).toBeDefined();
    expect(first.transport.sessionId).not.toBe(second.transport.sessionId);
    expect(server.sessions.size).toBe(2);
    const { tools } = await first.client.listTools();
    expect(tools.length).toBe(7);
  });

  it('unknown session id gets 404', async () => {
    const server = await start();
    const response = await post(
      server,
      { jsonrpc: '2.0', id: 2, method: 'tools/list' },
      { 'mcp-session-id': 'no-such-session' },
    );
    expect(response.status).toBe(404);
    const body = await response.json();
    expect(body.error.message).toMatch(/Session not found/);
  });

  it('missing session id gets 400', async () => {
    const server = await start();
    const response = await post(server, { jsonrpc: '2.0', id: 2, method: 'tools/list' });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error.message).toMatch(/mcp-session-id/);
  });

  it('ends a session on DELETE', async () => {
    const server = await start();
    const { transport } = await connect(server);
    const sessionId = transport.sessionId!;
    expect(server.sessions.size).toBe(1);

    await transport.terminateSession();
    expect(server.sessions.size).toBe(0);

    const reuse = await post(
      server,
      { jsonrpc: '2.0', id: 3, method: 'tools/list' },
      { 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-11-25' },
    );
    expect(reuse.status).toBe(404);
  });

  it('leaves no session after 100 cycles', async () => {
    const server = await start();
    for (let cycle = 0; cycle < 100; cycle++) {
      const { client, transport } = await connect(server);
      await transport.terminateSession();
      await client.close();
    }
    clients.length = 0;
    expect(server.sessions.size).toBe(0);
  });

  it('closes sessions whose client left without DELETE', async () => {
    const server = await start({ sessionIdleMs: 1000 });
    const { client } = await connect(server);
    await connect(server);
    await client.close();

    // Once the departed client's GET stream has closed, only the live client keeps a stream.
    await vi.waitFor(async () => {
      expect(await server.sessions.closeIdle(Date.now() + 2000)).toBe(1);
    });
    expect(server.sessions.size).toBe(1);
  });
});

describe('HTTP guards', () => {
  it('rejects a foreign Origin with 403', async () => {
    const server = await start();
    const response = await post(server, INITIALIZE, { origin: 'http://evil.example' });
    expect(response.status).toBe(403);
    expect((await response.json()).error.message).toMatch(/MCP_ALLOWED_ORIGINS/);
  });

  it('accepts loopback and configured origins', async () => {
    const server = await start({ allowedOrigins: ['https://chat.example.com'] });
    for (const origin of ['http://localhost:5173', 'https://chat.example.com']) {
      const response = await post(server, INITIALIZE, { origin });
      expect(response.status, origin).toBe(200);
      expect(response.headers.get('mcp-session-id'), origin).toBeTruthy();
      await response.body?.cancel();
    }
  });

  it('rejects a rebound Host header with 403', async () => {
    const server = await start();
    expect(await postWithHost(server, 'attacker.example:80')).toBe(403);
    expect(await postWithHost(server, `localhost:${server.port}`)).toBe(200);
  });

  it('requires the bearer token when set', async () => {
    const server = await start({ authToken: TOKEN });

    const missing = await post(server, INITIALIZE);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await missing.json()).error.message).toMatch(/Missing bearer token/);

    const wrong = await post(server, INITIALIZE, { authorization: 'Bearer wrong-token' });
    expect(wrong.status).toBe(401);
    expect((await wrong.json()).error.message).toMatch(/Invalid bearer token/);

    const { client } = await connect(server, { authorization: `Bearer ${TOKEN}` });
    expect((await client.listTools()).tools.length).toBe(7);
  });

  it('refuses to bind beyond loopback without a token', async () => {
    await expect(start({ host: '0.0.0.0' })).rejects.toThrow(ConfigError);
    await expect(start({ host: '0.0.0.0' })).rejects.toThrow(/MCP_AUTH_TOKEN/);
  });

  it('malformed JSON gets a parse error', async () => {
    const server = await start();
    const response = await fetch(server.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: '{"jsonrpc":',
    });
    expect(response.status).toBe(400);
    expect((await response.json()).error.code).toBe(-32700);
  });
});
