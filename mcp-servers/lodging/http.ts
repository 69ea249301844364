import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import type { Logger } from '../../agent/logger.js';
import { createLodgingServer, type LodgingServerOptions } from './server.js';

/*
 * Streamable HTTP with sessions (MCP revision 2025-11-25, transports section). Sessions are kept
 * because cancellation needs them: `notifications/cancelled` arrives as its own POST, and only a
 * session routes it to the server instance that runs the call, whose handler signal then stops
 * the Duffel request. A stateless server would hand that POST to a fresh instance that never saw
 * the call.
 *
 * Methods on /mcp, as the specification lays them out:
 * - POST carries every client message; `initialize` without a session header opens a session.
 * - GET opens the server-to-client SSE stream of a session. The spec lets a server without such a
 *   stream answer 405; this one has sessions, so the SDK transport serves the stream (one per
 *   session; a second GET gets 409). The tools send nothing on it today.
 * - DELETE with the session header ends the session; later use of its id gets 404.
 * Any request but `initialize` without a session header gets 400, and an unknown id gets 404.
 */

const MCP_PATH = '/mcp';
/** The SDK transport's own default limit on request bodies. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;
const DEFAULT_SESSION_IDLE_MS = 30 * 60_000;
const DEFAULT_MAX_SESSIONS = 200;
const LOOPBACK_ORIGIN = /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/;

export interface LodgingHttpOptions {
  serverOptions: LodgingServerOptions;
  logger: Logger;
  /** A session with no open request for this long is closed, in milliseconds. Defaults to 30 min. */
  sessionIdleMs?: number;
  /** Sessions open at once; further `initialize` requests get 503. Defaults to 200. */
  maxSessions?: number;
}

export interface LodgingHttpHandler {
  /** Serves one HTTP request; only `/mcp` is answered. */
  handle(request: IncomingMessage, response: ServerResponse): Promise<void>;
  sessionCount(): number;
  /** Closes every session and stops the idle sweep. */
  close(): Promise<void>;
}

interface Session {
  server: McpServer;
  transport: StreamableHTTPServerTransport;
  lastUsed: number;
  openResponses: number;
}

/** Builds the `/mcp` request handler that keeps one lodging server per MCP session. */
export function createLodgingHttpHandler(options: LodgingHttpOptions): LodgingHttpHandler {
  const { logger } = options;
  const idleMs = options.sessionIdleMs ?? DEFAULT_SESSION_IDLE_MS;
  const maxSessions = options.maxSessions ?? DEFAULT_MAX_SESSIONS;
  const sessions = new Map<string, Session>();

  // Clients that crash never send DELETE; without this sweep their sessions would stay forever.
  const sweep = setInterval(
    () => {
      const cutoff = Date.now() - idleMs;
      for (const [id, session] of sessions) {
        if (session.openResponses === 0 && session.lastUsed < cutoff) {
          logger.info({ sessionId: id }, 'closing idle MCP session');
          void closeSession(id, session);
        }
      }
    },
    Math.min(idleMs, 60_000),
  );
  sweep.unref();

  async function closeSession(id: string, session: Session): Promise<void> {
    sessions.delete(id);
    await session.transport.close().catch(() => undefined);
    await session.server.close().catch(() => undefined);
  }

  function track(session: Session, response: ServerResponse): void {
    session.lastUsed = Date.now();
    session.openResponses += 1;
    response.once('close', () => {
      session.openResponses -= 1;
      session.lastUsed = Date.now();
    });
  }

  async function openSession(
    request: IncomingMessage,
    response: ServerResponse,
    body: unknown,
  ): Promise<void> {
    if (sessions.size >= maxSessions) {
      logger.warn({ sessions: sessions.size }, 'MCP session limit reached');
      sendJsonRpcError(response, 503, -32000, 'Too many open sessions; try again later.');
      return;
    }

    const server = createLodgingServer(options.serverOptions);
    const session: Session = {
      server,
      transport: undefined!,
      lastUsed: Date.now(),
      openResponses: 0,
    };
    session.transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        sessions.set(id, session);
        logger.info({ sessionId: id }, 'MCP session opened');
      },
      onsessionclosed: (id) => {
        logger.info({ sessionId: id }, 'MCP session ended by the client');
        void closeSession(id, session);
      },
    });
    await server.connect(session.transport);
    track(session, response);
    await session.transport.handleRequest(request, response, body);

    // A rejected initialize (an unsupported protocol version, say) leaves no session to keep.
    if (session.transport.sessionId === undefined) {
      await server.close().catch(() => undefined);
    }
  }

  return {
    async handle(request, response) {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      if (url.pathname !== MCP_PATH) {
        sendJson(response, 404, { error: 'not_found', message: `Use ${MCP_PATH}` });
        return;
      }
      // The spec requires rejecting a foreign Origin, so that a web page cannot drive this server.
      const origin = request.headers.origin;
      if (origin !== undefined && !LOOPBACK_ORIGIN.test(origin)) {
        sendJsonRpcError(response, 403, -32000, `Origin ${origin} is not allowed.`);
        return;
      }
      if (!['GET', 'POST', 'DELETE'].includes(request.method ?? '')) {
        response.setHeader('allow', 'GET, POST, DELETE');
        sendJsonRpcError(response, 405, -32000, `Method ${request.method} is not allowed.`);
        return;
      }

      const sessionId = request.headers['mcp-session-id'];
      if (typeof sessionId === 'string') {
        const session = sessions.get(sessionId);
        if (!session) {
          sendJsonRpcError(
            response,
            404,
            -32001,
            'Session not found; send a new initialize request without a session id.',
          );
          return;
        }
        track(session, response);
        await session.transport.handleRequest(request, response);
        return;
      }

      if (request.method !== 'POST') {
        sendJsonRpcError(response, 400, -32000, 'Missing mcp-session-id header; initialize first.');
        return;
      }
      const body = await readJsonBody(request, response);
      if (body === undefined) {
        return;
      }
      if (!isInitializeRequest(body)) {
        sendJsonRpcError(
          response,
          400,
          -32000,
          'Missing mcp-session-id header; only an initialize request may start without one.',
        );
        return;
      }
      await openSession(request, response, body);
    },

    sessionCount: () => sessions.size,

    async close() {
      clearInterval(sweep);
      await Promise.all([...sessions].map(([id, session]) => closeSession(id, session)));
    },
  };
}

/** Reads and parses a JSON body; on failure sends 413 or 400 itself and returns undefined. */
async function readJsonBody(
  request: IncomingMessage,
  response: ServerResponse,
): Promise<unknown | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) {
      sendJsonRpcError(
        response,
        413,
        -32000,
        `Request body is larger than ${MAX_BODY_BYTES} bytes.`,
      );
      return undefined;
    }
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (error) {
    sendJsonRpcError(response, 400, -32700, `Parse error: ${(error as Error).message}`);
    return undefined;
  }
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function sendJsonRpcError(
  response: ServerResponse,
  status: number,
  code: number,
  message: string,
): void {
  sendJson(response, status, { jsonrpc: '2.0', error: { code, message }, id: null });
}
