import type { CacheCall } from './types.js';

/** A call as stored in the list of most requested calls: no user, no functions. */
export type PopularCallRecord = Pick<CacheCall, 'tool' | 'dataType' | 'args' | 'schemaVersion'>;

/** One line of the persisted list of most requested calls. */
export interface PopularEntry {
  key: string;
  call: PopularCallRecord;
  count: number;
}

/**
 * Counts requests per cache key in process, for the list of calls to warm at the next start.
 * It tracks at most `maxTracked` keys. When full it drops the less requested half, so a key
 * first seen late needs to catch up, but memory stays bounded.
 */
export class PopularityTracker {
  private counts = new Map<string, PopularEntry>();

  constructor(private readonly maxTracked = 1_000) {}

  /** Counts one request of a global call; per-user calls are not warmed, so not counted. */
  record(key: string, call: CacheCall): void {
    if (call.userId !== undefined) return;

    const entry = this.counts.get(key);
    if (entry) {
      entry.count += 1;
      return;
    }

    if (this.counts.size >= this.maxTracked) this.dropLessRequestedHalf();
    const record: PopularCallRecord = { tool: call.tool, dataType: call.dataType, args: call.args };
    if (call.schemaVersion !== undefined) record.schemaVersion = call.schemaVersion;
    this.counts.set(key, { key, call: record, count: 1 });
  }

  /** Returns the counts since the last drain without resetting them. */
  snapshot(): PopularEntry[] {
    return [...this.counts.values()];
  }

  /** Returns the counts since the last drain and starts counting from zero. */
  drain(): PopularEntry[] {
    const entries = [...this.counts.values()];
    this.counts = new Map();
    return entries;
  }

  private dropLessRequestedHalf(): void {
    const kept = [...this.counts.values()]
      .sort((a, b) => b.count - a.count)
      .slice(0, Math.floor(this.maxTracked / 2));
    this.counts = new Map(kept.map((entry) => [entry.key, entry]));
  }
}

/** Adds local counts to a persisted list and keeps the `limit` most requested, most first. */
export function mergePopular(
  stored: readonly PopularEntry[],
  local: readonly PopularEntry[],
  limit: number,
): PopularEntry[] {
  const merged = new Map<string, PopularEntry>();
  for (const entry of [...stored, ...local]) {
    const existing = merged.get(entry.key);
    merged.set(entry.key, existing ? { ...existing, count: existing.count + entry.count } : entry);
  }
  return [...merged.values()].sort((a, b) => b.count - a.count).slice(0, limit);
}

/** Parses a persisted list; drops malformed lines and returns [] for anything else. */
export function parsePopular(text: string | null): PopularEntry[] {
  if (text === null) return [];

  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];

  return parsed.filter((item): item is PopularEntry => {
    if (typeof item !== 'object' || item === null) return false;
    const { key, call, count } = item as Record<string, unknown>;
    if (typeof key !== 'string' || typeof count !== 'number' || !Number.isFinite(count)) {
      return false;
    }
    if (typeof call !== 'object' || call === null) return false;
    const { tool, dataType } = call as Record<string, unknown>;
    return typeof tool === 'string' && typeof dataType === 'string' && 'args' in call;
  });
}
