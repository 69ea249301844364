/** Marker field and format version of a stored entry. Other values under a key are garbage. */
const FORMAT_FIELD = 'toolCache';
const FORMAT_VERSION = 1;

/** A decoded entry: the tool result and when it expires, in ms since the epoch. */
export interface CacheEntry {
  value: unknown;
  expiresAt: number;
}

/**
 * Serializes a tool result into the JSON stored at both levels, or returns undefined when
 * the value has no JSON form (undefined, a function). Throws on values JSON cannot encode,
 * such as a BigInt or a circular object.
 */
export function encodeEntry(value: unknown, expiresAt: number): string | undefined {
  const json = JSON.stringify(value);
  if (json === undefined) return undefined;
  return encodeEntryJson(json, expiresAt);
}

/** Wraps a value already serialized with JSON.stringify into a stored entry. */
export function encodeEntryJson(valueJson: string, expiresAt: number): string {
  return `{"${FORMAT_FIELD}":${FORMAT_VERSION},"expiresAt":${Math.round(expiresAt)},"value":${valueJson}}`;
}

/** Start of every stored entry up to its value, with the expiry captured. */
const ENTRY_HEADER = new RegExp(
  `^\\{"${FORMAT_FIELD}":${FORMAT_VERSION},"expiresAt":(\\d{1,16}),"value":`,
);

/**
 * Reads the expiry from the fixed start of a stored entry without parsing its value, or returns
 * undefined when the text does not start and end like an entry. A text that passes may still
 * hold a malformed value, which only decodeEntry detects.
 */
export function readEntryExpiry(stored: string): number | undefined {
  if (!stored.endsWith('}')) return undefined;
  const header = ENTRY_HEADER.exec(stored);
  return header ? Number(header[1]) : undefined;
}

/** Parses a stored entry; returns undefined for anything that is not one (treated as a miss). */
export function decodeEntry(stored: string): CacheEntry | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stored);
  } catch {
    return undefined;
  }

  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const record = parsed as Record<string, unknown>;
  if (record[FORMAT_FIELD] !== FORMAT_VERSION || !('value' in record)) return undefined;
  if (typeof record.expiresAt !== 'number' || !Number.isFinite(record.expiresAt)) return undefined;
  return { value: record.value, expiresAt: record.expiresAt };
}
