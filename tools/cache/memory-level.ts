import { LRUCache } from 'lru-cache';

/** Settings of the in-process level. */
export interface MemoryLevelOptions {
  maxEntries: number;
  /** Estimated bytes of all stored JSON, counted as two bytes per UTF-16 code unit. */
  maxBytes: number;
  /** Clock in ms for expiry, for tests. Default performance.now. */
  now?: () => number;
}

/**
 * The in-process level, a bounded LRU of JSON strings with a time to live per entry. It stores
 * JSON rather than objects so that a caller who mutates a returned value cannot change the
 * cached one, and so that a memory hit returns the same shape as a shared hit.
 */
export class MemoryLevel {
  private readonly entries: LRUCache<string, string>;

  constructor(options: MemoryLevelOptions) {
    this.entries = new LRUCache<string, string>({
      max: options.maxEntries,
      maxSize: options.maxBytes,
      sizeCalculation: (json) => Math.max(1, json.length * 2),
      ...(options.now ? { perf: { now: options.now }, ttlResolution: 0 } : {}),
    });
  }

  get(key: string): string | undefined {
    return this.entries.get(key);
  }

  /** Stores an entry for `ttlMs`; entries larger than the whole level are not stored. */
  set(key: string, json: string, ttlMs: number): void {
    if (ttlMs <= 0) return;
    this.entries.set(key, json, { ttl: ttlMs });
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

  /** Estimated bytes of the stored JSON, as counted against maxBytes. */
  get bytes(): number {
    return this.entries.calculatedSize;
  }

  /** Number of stored entries, including expired ones not yet evicted. */
  get size(): number {
    return this.entries.size;
  }
}
