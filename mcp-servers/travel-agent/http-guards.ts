import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler, Response } from 'express';

/** Origins of pages served from this machine, with any port. */
const LOOPBACK_ORIGIN = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/i;

/** Sends a JSON-RPC error with no id, the body shape the SDK uses for transport-level errors. */
export function sendJsonRpcError(
  response: Response,
  status: number,
  message: string,
  headers: Record<string, string> = {},
): void {
  response
    .status(status)
    .set(headers)
    .json({ jsonrpc: '2.0', error: { code: -32000, message }, id: null });
}

/**
 * Rejects requests whose `Origin` is present and not allowed, so a web page the user visits
 * cannot drive the server through the browser (DNS rebinding). Clients that are not browsers
 * send no `Origin` and pass.
 */
export function originGuard(allowedOrigins: string[]): RequestHandler {
  const allowed = new Set(allowedOrigins.map((origin) => origin.toLowerCase()));
  return (request, response, next) => {
    const origin = request.headers.origin;
    if (origin === undefined || LOOPBACK_ORIGIN.test(origin) || allowed.has(origin.toLowerCase())) {
      next();
      return;
    }
    sendJsonRpcError(
      response,
      403,
      `Origin ${origin} is not allowed. Add it to MCP_ALLOWED_ORIGINS to let pages from it connect.`,
    );
  };
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/**
 * Requires `Authorization: Bearer TOKEN` when a token is configured. Digests are compared in
 * constant time, so response timing does not reveal how much of a guess was right.
 */
export function bearerAuth(token: string | undefined): RequestHandler {
  if (token === undefined) return (_request, _response, next) => next();
  const expected = digest(token);

  return (request, response, next) => {
    const header = request.headers.authorization;
    const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
    if (!match) {
      sendJsonRpcError(
        response,
        401,
        'Missing bearer token: send the header "Authorization: Bearer <MCP_AUTH_TOKEN>".',
        { 'WWW-Authenticate': 'Bearer realm="travel-agent"' },
      );
      return;
    }
    if (!timingSafeEqual(digest(match[1]), expected)) {
      sendJsonRpcError(response, 401, 'Invalid bearer token: it does not match MCP_AUTH_TOKEN.', {
        'WWW-Authenticate': 'Bearer realm="travel-agent", error="invalid_token"',
      });
      return;
    }
    next();
  };
}
