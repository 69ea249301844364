import { randomUUID } from 'node:crypto';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import type { Request, Response } from 'express';

import type { Logger } from '../../agent/logger.js';
import { sendJsonRpcError } from './http-guards.js';

interface Session {
  id: string;
  transport: StreamableHTTPServerTransport;
  server: McpServer;
  /** Time of the last request, in ms since the epoch. */
  lastSeen: number;
  /** Open HTTP exchanges: running calls and the GET stream keep a session from idling out. */
  openExchanges: number;
}

/**
 * Stateful Streamable HTTP sessions: each `initialize` gets its own MCP server and transport
 * under a random session id. The SDK transport checks the id of later requests; this registry
 * routes them and responds to unknown ids with 404 and missing ids with 400, as the spec requires.
 */
/**
 * Open sessions allowed at once. Each holds an MCP server and a transport (about 55 KB), and
 * idle ones close only after MCP_SESSION_IDLE_SECONDS, so without a cap a client could open
 * sessions until memory ran out.
 */
export const MAX_SESSIONS = 1000;

export class McpSessionRegistry {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly createServer: () => McpServer,
    private readonly logger: Logger,
    private readonly idleMs: number,
  ) {}

  /** Number of open sessions. */
  get size(): number {
    return this.sessions.size;
  }

  /** Routes one request on the MCP endpoint (POST, GET or DELETE) to its session. */
  async handle(request: Request, response: Response): Promise<void> {
    const sessionId = request.header('mcp-session-id');
    if (sessionId === undefined) {
      if (request.method === 'POST' && isInitializeRequest(request.body)) {
        if (this.sessions.size >= MAX_SESSIONS) {
          this.logger.warn({ sessions: this.sessions.size }, 'MCP session limit reached');
          response.set('Retry-After', '60');
          sendJsonRpcError(
            response,
            503,
            `Too many open sessions (${MAX_SESSIONS}): end unused sessions with DELETE or retry later.`,
          );
          return;
        }
        await this.open(request, response);
        return;
      }
      sendJsonRpcError(
        response,
        400,
        'Missing mcp-session-id header: send initialize first, then repeat the session id it ' +
          'returns on every request.',
      );
      return;
    }

    const session = this.sessions.get(sessionId);
    if (!session) {
      sendJsonRpcError(
        response,
        404,
        'Session not found: it ended or never existed. Start a new session with initialize ' +
          'and no mcp-session-id header.',
      );
      return;
    }
    await this.forward(session, request, response);
  }

  /** Closes sessions that had no open exchange for longer than the idle limit. */
  async closeIdle(now: number = Date.now()): Promise<number> {
    const idle = [...this.sessions.values()].filter(
      (session) => session.openExchanges === 0 && now - session.lastSeen > this.idleMs,
    );
    for (const session of idle) {
      this.logger.info({ sessionId: session.id }, 'closing idle MCP session');
      await this.close(session);
    }
    return idle.length;
  }

  /** Closes every session, for shutdown. */
  async closeAll(): Promise<void> {
    await Promise.all([...this.sessions.values()].map((session) => this.close(session)));
  }

  private async open(request: Request, response: Response): Promise<void> {
    const server = this.createServer();
    let session: Session | undefined;
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        session = { id, transport, server, lastSeen: Date.now(), openExchanges: 0 };
        this.sessions.set(id, session);
        this.logger.info({ sessionId: id, sessions: this.sessions.size }, 'MCP session opened');
      },
    });
    // Runs for DELETE, idle expiry and shutdown alike; set before connect, which chains it.
    transport.onclose = () => {
      if (session && this.sessions.get(session.id) === session) {
        this.sessions.delete(session.id);
        this.logger.info(
          { sessionId: session.id, sessions: this.sessions.size },
          'MCP session closed',
        );
      }
    };

    await server.connect(transport);
    await transport.handleRequest(request, response, request.body);

    // An initialize the transport rejected leaves no session behind.
    if (!session) await server.close();
  }

  private async forward(session: Session, request: Request, response: Response): Promise<void> {
    session.lastSeen = Date.now();
    session.openExchanges += 1;
    response.once('close', () => {
      session.openExchanges -= 1;
      session.lastSeen = Date.now();
    });
    await session.transport.handleRequest(request, response, request.body);
  }

  private async close(session: Session): Promise<void> {
    this.sessions.delete(session.id);
    await session.server.close().catch((error: unknown) => {
      this.logger.warn(
        { sessionId: session.id, err: (error as Error).message },
        'closing MCP session failed',
      );
    });
  }
}
