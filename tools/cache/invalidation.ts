import { assertName, cacheKeyPrefix, userKeysPrefix } from './key.js';
import type { InvalidateOptions } from './types.js';

/** The keys one `invalidate` call removes, as a predicate and as SCAN MATCH patterns. */
export interface KeySelector {
  matches(key: string): boolean;
  /** SCAN MATCH patterns that cover every matching key; results still go through `matches`. */
  patterns: string[];
}

/** Builds the selector for invalidate options; throws TypeError when they are invalid. */
export function selectKeys(namespace: string, options: InvalidateOptions): KeySelector {
  const { tool, userId, prefix } = options;
  if (prefix !== undefined) {
    if (tool !== undefined || userId !== undefined) {
      throw new TypeError(
        'Invalid invalidate options: pass either prefix, or tool and/or userId, not both.',
      );
    }
    if (!prefix.startsWith(`${namespace}:`)) {
      throw new TypeError(
        `Invalid invalidate prefix ${JSON.stringify(prefix)}: it must start with ` +
          `"${namespace}:". Build it with cacheKeyPrefix().`,
      );
    }
    return prefixSelector(prefix);
  }

  if (userId !== undefined) return prefixSelector(cacheKeyPrefix(namespace, { userId, tool }));
  if (tool === undefined) {
    throw new TypeError('Invalid invalidate options: pass tool, userId or prefix.');
  }

  // One tool for everybody: its global keys, and its keys under every user's prefix.
  assertName('tool', tool);
  const globalPrefix = cacheKeyPrefix(namespace, { tool });
  const usersPrefix = userKeysPrefix(namespace);
  return {
    matches: (key) =>
      key.startsWith(globalPrefix) ||
      (key.startsWith(usersPrefix) && key.slice(usersPrefix.length).split(':')[1] === tool),
    patterns: [`${escapeGlob(globalPrefix)}*`, `${escapeGlob(usersPrefix)}*:${tool}:*`],
  };
}

function prefixSelector(prefix: string): KeySelector {
  return { matches: (key) => key.startsWith(prefix), patterns: [`${escapeGlob(prefix)}*`] };
}

/** Escapes the characters that SCAN MATCH treats as glob syntax. */
export function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (char) => `\\${char}`);
}

/** Message sent on the invalidation channel so every process drops its in-process copies. */
export interface InvalidationMessage extends InvalidateOptions {
  /** Instance that sent the message; it already dropped its own copies. */
  origin: string;
}

/** Parses a message from the invalidation channel; returns undefined for anything malformed. */
export function parseInvalidationMessage(text: string): InvalidationMessage | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;

  const record = parsed as Record<string, unknown>;
  if (typeof record.origin !== 'string') return undefined;
  for (const field of ['tool', 'userId', 'prefix'] as const) {
    if (record[field] !== undefined && typeof record[field] !== 'string') return undefined;
  }
  return record as unknown as InvalidationMessage;
}
