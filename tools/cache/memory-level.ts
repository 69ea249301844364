import { LRUCache } from 'lru-cache';
import { decodeEntry } from './entry.js';

/** Settings of the in-process level. */
export interface MemoryLevelOptions {
  maxEntries: number;
  /** Estimated bytes of all stored values, from the length of their JSON at two bytes a char. */
  maxBytes: number;
  /** Clock in ms for expiry, for tests. Default performance.now. */
  now?: () => number;
}

/** One in-process entry: a parsed, deeply frozen value and the size of its JSON. */
export interface MemoryEntry {
  value: unknown;
  /** Estimated bytes, counted against maxBytes. */
  bytes: number;
}

/** A stored entry, kept as the JSON text until its first in-process hit parses it. */
interface LazyEntry {
  value?: unknown;
  stored?: string;
  bytes: number;
}

/**
 * The in-process level, a bounded LRU with a time to live per entry. An entry is written as
 * its stored JSON and parsed once, at its first hit, so a write costs no parse and later hits
 * cost none. The parsed value is frozen (see deepFreeze) so that a caller cannot change what
 * the next caller gets.
 */
export class MemoryLevel {
  private readonly entries: LRUCache<string, LazyEntry>;

  constructor(options: MemoryLevelOptions) {
    this.entries = new LRUCache<string, LazyEntry>({
      max: options.maxEntries,
      maxSize: options.maxBytes,
      sizeCalculation: (entry) => entry.bytes,
      ...(options.now ? { perf: { now: options.now }, ttlResolution: 0 } : {}),
    });
  }

  /** Returns the entry with its frozen value, parsing the stored JSON at the first hit. */
  get(key: string): MemoryEntry | undefined {
    const entry = this.entries.get(key);
    if (entry?.stored === undefined) return entry as MemoryEntry | undefined;

    const decoded = decodeEntry(entry.stored);
    if (!decoded) {
      this.entries.delete(key);
      return undefined;
    }
    entry.value = deepFreeze(decoded.value);
    entry.stored = undefined;
    return entry as MemoryEntry;
  }

  /**
   * Stores a frozen value for `ttlMs`; `jsonLength` is the length of its JSON form. Entries
   * larger than the whole level are not stored.
   */
  set(key: string, value: unknown, jsonLength: number, ttlMs: number): void {
    if (ttlMs <= 0) return;
    this.entries.set(key, { value, bytes: Math.max(1, jsonLength * 2) }, { ttl: ttlMs });
  }

  /** Stores an entry in the stored JSON form that encodeEntry builds, parsed at its first hit. */
  setStored(key: string, stored: string, ttlMs: number): void {
    if (ttlMs <= 0) return;
    this.entries.set(key, { stored, bytes: Math.max(1, stored.length * 2) }, { ttl: ttlMs });
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  /** Deletes the entries whose key matches and returns their keys. */
  deleteMatching(matches: (key: string) => boolean): string[] {
    const removed: string[] = [];
    for (const key of this.keys()) {
      if (matches(key) && this.entries.delete(key)) removed.push(key);
    }
    return removed;
  }

  clear(): void {
    this.entries.clear();
  }

  /** Lists the stored keys, including expired ones not yet evicted. */
  keys(): string[] {
    return [...this.entries.keys()];
  }

  /** Estimated bytes of the stored values, as counted against maxBytes. */
  get bytes(): number {
    return this.entries.calculatedSize;
  }

  /** Number of stored entries, including expired ones not yet evicted. */
  get size(): number {
    return this.entries.size;
  }
}

/**
 * Freezes a parsed JSON value and everything inside it, so the in-process copy that callers
 * share cannot be changed through one of them. Returns the same value.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;

  Object.freeze(value);
  if (Array.isArray(value)) {
    for (const item of value) deepFreeze(item);
  } else {
    for (const name in value) deepFreeze((value as Record<string, unknown>)[name]);
  }
  return value;
}
