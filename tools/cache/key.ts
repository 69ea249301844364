import { createHash } from 'node:crypto';
import type { CacheCall } from './types.js';

const NAME_PATTERN = /^[A-Za-z0-9_.-]+$/;

/** Level under the namespace for results that belong to no user. */
const GLOBAL_SEGMENT = 'g';
/** Level under the namespace for per-user results, followed by the encoded user id. */
const USER_SEGMENT = 'u';

/**
 * Builds the key of a tool call: `{namespace}:g:{tool}:v{schema}:{hash}`, or
 * `{namespace}:u:{user}:{tool}:v{schema}:{hash}` for per-user results.
 */
export function cacheKey(namespace: string, call: CacheCall): string {
  assertName('namespace', namespace);
  assertName('tool', call.tool);
  const schemaVersion = call.schemaVersion ?? 1;
  if (!Number.isInteger(schemaVersion) || schemaVersion < 0) {
    throw new TypeError(
      `Invalid schemaVersion ${String(call.schemaVersion)} for tool ${call.tool}: use a non-negative integer.`,
    );
  }

  const digest = createHash('sha256').update(canonicalJson(call.args)).digest('hex').slice(0, 32);
  return `${cacheKeyPrefix(namespace, { userId: call.userId })}${call.tool}:v${schemaVersion}:${digest}`;
}

/**
 * Builds the key prefix shared by every entry of one user, or of one tool (global or for
 * one user), for `invalidate({ prefix })`.
 */
export function cacheKeyPrefix(
  namespace: string,
  scope: { userId?: string; tool?: string },
): string {
  assertName('namespace', namespace);
  const owner =
    scope.userId === undefined
      ? `${namespace}:${GLOBAL_SEGMENT}:`
      : `${namespace}:${USER_SEGMENT}:${encodeUserId(scope.userId)}:`;
  if (scope.tool === undefined) return owner;

  assertName('tool', scope.tool);
  return `${owner}${scope.tool}:`;
}

/** Extracts the tool name from a key that cacheKey built, or returns undefined for another key. */
export function toolOfKey(namespace: string, key: string): string | undefined {
  const segments = key.split(':');
  if (segments[0] !== namespace) return undefined;
  if (segments[1] === GLOBAL_SEGMENT && segments.length === 5) return segments[2];
  if (segments[1] === USER_SEGMENT && segments.length === 6) return segments[3];
  return undefined;
}

/** Prefix of every per-user key in a namespace. */
export function userKeysPrefix(namespace: string): string {
  return `${namespace}:${USER_SEGMENT}:`;
}

/**
 * Encodes a user id so that it contains no `:` and no glob character, which keeps the key
 * segments parseable and lets SCAN MATCH patterns use the id verbatim.
 */
export function encodeUserId(userId: string): string {
  if (userId.length === 0)
    throw new TypeError('Invalid userId: it is empty. Omit it for shared results.');

  return encodeURIComponent(userId).replace(
    /[!'()*~]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Rejects names that would break the key layout or need escaping in SCAN MATCH patterns. */
export function assertName(label: string, name: string): void {
  if (!NAME_PATTERN.test(name)) {
    throw new TypeError(
      `Invalid ${label} ${JSON.stringify(name)}: use letters, digits, '_', '-' and '.' only.`,
    );
  }
}

/**
 * Serializes arguments with sorted object keys and trimmed, lower-cased strings whose inner
 * whitespace runs are collapsed, so that equivalent requests produce one key. Undefined
 * properties are dropped, as JSON.stringify drops them.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonicalize(value, new Set())) ?? 'null';
}

function canonicalize(value: unknown, ancestors: Set<object>): unknown {
  if (typeof value === 'string')
    return value.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
  if (typeof value === 'number') return canonicalNumber(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (value === null || typeof value === 'boolean' || value === undefined) return value ?? null;
  if (typeof value === 'function' || typeof value === 'symbol') {
    throw new TypeError(
      `Invalid cache arguments: a ${typeof value} cannot be part of a cache key.`,
    );
  }

  if (value instanceof Date) return value.toISOString();
  if (value instanceof Map || value instanceof Set) {
    throw new TypeError(
      'Invalid cache arguments: convert Map and Set values to arrays or objects.',
    );
  }
  if (ancestors.has(value)) {
    throw new TypeError('Invalid cache arguments: they contain a circular reference.');
  }

  ancestors.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => canonicalize(item, ancestors));

    // Without a prototype, a `__proto__` property (as JSON.parse creates it) stays a property
    // instead of setting the prototype, which JSON.stringify would then leave out of the key.
    const sorted: Record<string, unknown> = Object.create(null);
    for (const name of Object.keys(value).sort()) {
      const field = (value as Record<string, unknown>)[name];
      if (field !== undefined) sorted[name] = canonicalize(field, ancestors);
    }
    return sorted;
  } finally {
    ancestors.delete(value);
  }
}

function canonicalNumber(value: number): number | string {
  if (Number.isNaN(value) || !Number.isFinite(value)) return String(value);
  return Object.is(value, -0) ? 0 : value;
}
