import type { RequestHandler, Response } from 'express';
import { timingSafeEqual } from 'node:crypto';

import { HttpError } from './errors.js';

/** A configured API key, optionally bound to the one user it may act for. */
export interface ApiKey {
  secret: Buffer;
  userId?: string;
}

/**
 * Parses `API_KEYS`: comma-separated entries `KEY` (a service key that may act for any user,
 * for a backend that authenticates its own users) or `KEY:USER_ID` (a key that may act only
 * for that user).
 */
export function parseApiKeys(value: string | undefined): ApiKey[] {
  return (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const separator = entry.indexOf(':');
      return separator > 0
        ? { secret: Buffer.from(entry.slice(0, separator)), userId: entry.slice(separator + 1) }
        : { secret: Buffer.from(entry) };
    });
}

/**
 * Requires `Authorization: Bearer KEY` with one of the configured keys and records the user a
 * bound key acts for in `response.locals.boundUserId`. Comparison is constant-time so response
 * timing does not reveal a key's prefix.
 */
export function requireApiKey(keys: ApiKey[]): RequestHandler {
  return (request, response, next) => {
    const header = request.get('authorization') ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header);
    const given = match ? Buffer.from(match[1].trim()) : undefined;
    const key =
      given === undefined
        ? undefined
        : keys.find(
            (candidate) =>
              candidate.secret.length === given.length && timingSafeEqual(candidate.secret, given),
          );
    if (!key) {
      next(
        new HttpError(
          401,
          'unauthorized',
          'A valid API key is required: send Authorization: Bearer YOUR_KEY.',
        ),
      );
      return;
    }
    response.locals.boundUserId = key.userId;
    next();
  };
}

/**
 * Checks that the caller may act for `userId`: a key bound to a user may act only for that
 * user. Without keys (the loopback default) or with a service key, any user id is accepted.
 */
export function assertActsFor(response: Response, userId: string): void {
  const bound = response.locals.boundUserId as string | undefined;
  if (bound !== undefined && bound !== userId) {
    throw new HttpError(
      403,
      'forbidden',
      `This API key acts only for user ${bound}, not ${userId}.`,
    );
  }
}

/** The user a bound key acts for, if any. */
export function boundUserOf(response: Response): string | undefined {
  return response.locals.boundUserId as string | undefined;
}

/**
 * Sliding-window rate limit per API key, or per client address without keys. Counts live in
 * this process.
 * NOTE: with several replicas each keeps its own window; a shared window in Dragonfly is
 * needed before the limit holds across replicas.
 */
export function rateLimit(perMinute: number): RequestHandler {
  const windowMs = 60_000;
  const hits = new Map<string, number[]>();

  const sweep = setInterval(() => {
    const cutoff = Date.now() - windowMs;
    for (const [key, times] of hits) if (times[times.length - 1] < cutoff) hits.delete(key);
  }, windowMs);
  sweep.unref();

  return (request, response, next) => {
    const key = request.get('authorization') ?? request.ip ?? 'unknown';
    const now = Date.now();
    const times = (hits.get(key) ?? []).filter((time) => time > now - windowMs);
    if (times.length >= perMinute) {
      const retryAfter = Math.max(1, Math.ceil((times[0] + windowMs - now) / 1000));
      response.set('Retry-After', String(retryAfter));
      next(
        new HttpError(
          429,
          'rate_limited',
          `Too many requests: the limit is ${perMinute} a minute. Retry in ${retryAfter} s.`,
        ),
      );
      return;
    }
    times.push(now);
    hits.set(key, times);
    next();
  };
}
