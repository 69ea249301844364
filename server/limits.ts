import type { RequestHandler } from 'express';
import { timingSafeEqual } from 'node:crypto';

import { HttpError } from './errors.js';

/**
 * Requires `Authorization: Bearer KEY` with one of the configured keys. Comparison is
 * constant-time so response timing does not reveal a key's prefix.
 */
export function requireApiKey(keys: string[]): RequestHandler {
  const expected = keys.map((key) => Buffer.from(key));
  return (request, _response, next) => {
    const header = request.get('authorization') ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header);
    const given = match ? Buffer.from(match[1].trim()) : undefined;
    const valid =
      given !== undefined &&
      expected.some((key) => key.length === given.length && timingSafeEqual(key, given));
    if (!valid) {
      next(
        new HttpError(
          401,
          'unauthorized',
          'A valid API key is required: send Authorization: Bearer YOUR_KEY.',
        ),
      );
      return;
    }
    next();
  };
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
