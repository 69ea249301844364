import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { ToolError } from '../types.js';
import { readOffersFromText } from './parse-text.js';
import type { StayLocation, StayOffer, StaySearchResult } from './types.js';

type JsonRecord = Record<string, unknown>;

/** A text-only result with no readable listing; the server is fine, so it is not restarted. */
export class UnreadableTextError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnreadableTextError';
  }
}

/** A tool result that breaks the expected shape; the message names the offending path. */
export class MalformedResultError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedResultError';
  }
}

function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads the first of several spellings, so both snake_case and camelCase servers work. */
function field(record: JsonRecord, ...names: string[]): unknown {
  for (const name of names) {
    if (record[name] !== undefined && record[name] !== null) return record[name];
  }
  return undefined;
}

function requiredString(record: JsonRecord, where: string, ...names: string[]): string {
  const value = field(record, ...names);
  if (typeof value !== 'string' || value === '') {
    throw new MalformedResultError(`${where}.${names[0]} is missing or not a string`);
  }
  return value;
}

function requiredNumber(record: JsonRecord, where: string, ...names: string[]): number {
  const value = Number(field(record, ...names));
  if (field(record, ...names) === undefined || !Number.isFinite(value)) {
    throw new MalformedResultError(`${where}.${names[0]} is missing or not a number`);
  }
  return value;
}

function optionalNumber(record: JsonRecord, ...names: string[]): number | undefined {
  const value = field(record, ...names);
  return value === undefined || !Number.isFinite(Number(value)) ? undefined : Number(value);
}

function optionalString(record: JsonRecord, ...names: string[]): string | undefined {
  const value = field(record, ...names);
  return typeof value === 'string' ? value : undefined;
}

function resultText(result: CallToolResult): string {
  return (result.content ?? [])
    .map((item) => (item.type === 'text' ? item.text : ''))
    .join('\n')
    .trim();
}

/** Takes structuredContent, or for servers without it, a JSON object in the text; else undefined. */
function structuredPayload(result: CallToolResult): JsonRecord | undefined {
  if (isRecord(result.structuredContent)) {
    return result.structuredContent;
  }
  try {
    const parsed: unknown = JSON.parse(resultText(result));
    if (isRecord(parsed)) return parsed;
  } catch {
    // Prose, not JSON: the caller reads offers from its lines instead.
  }
  return undefined;
}

/** Builds a result from prose; throws when no line of it names a stay with a price. */
function parseTextResult(
  result: CallToolResult,
  server: string,
  query: string,
  nights: number,
): StaySearchResult {
  const text = resultText(result);
  const offers = readOffersFromText(text, { server, nights });
  if (offers.length === 0) {
    const excerpt = text.length > 160 ? `${text.slice(0, 160)}...` : text;
    throw new UnreadableTextError(
      `The lodging server "${server}" returned text that lists no stay with a price: "${excerpt}". ` +
        'Configure a server that returns structuredContent or one listing per line with its price.',
    );
  }
  return {
    server,
    location: { query, name: query },
    offers,
    sample: false,
    notes: [
      `The server "${server}" returned text only; offers were read from its lines, so amenities and exact ids may be missing.`,
    ],
  };
}

function readOffer(
  value: unknown,
  index: number,
  defaultSample: boolean,
  server: string,
  stayNights: number,
): StayOffer {
  const where = `offers[${index}]`;
  if (!isRecord(value)) {
    throw new MalformedResultError(`${where} is not an object`);
  }
  const id = requiredString(value, where, 'id');
  const name = requiredString(value, where, 'name', 'title');
  const nightlyPrice = requiredNumber(value, where, 'nightly_price', 'nightlyPrice', 'price');
  const nights = optionalNumber(value, 'nights');
  const amenities = field(value, 'amenities');
  return {
    id,
    name,
    nightlyPrice,
    totalPrice:
      optionalNumber(value, 'total_price', 'totalPrice') ?? nightlyPrice * (nights ?? stayNights),
    currency: requiredString(value, where, 'currency'),
    petsAllowed: field(value, 'pets_allowed', 'petsAllowed') === true,
    rating: optionalNumber(value, 'rating'),
    reviewScore: optionalNumber(value, 'review_score', 'reviewScore'),
    neighbourhood: optionalString(value, 'neighbourhood', 'neighborhood'),
    address: optionalString(value, 'address'),
    latitude: optionalNumber(value, 'latitude', 'lat'),
    longitude: optionalNumber(value, 'longitude', 'lon', 'lng'),
    distanceKm: optionalNumber(value, 'distance_km', 'distanceKm'),
    amenities: Array.isArray(amenities)
      ? amenities.filter((item): item is string => typeof item === 'string')
      : [],
    sample: typeof value.sample === 'boolean' ? value.sample : defaultSample,
    provider: optionalString(value, 'provider') ?? server,
  };
}

function readLocation(payload: JsonRecord, query: string): StayLocation {
  const location = field(payload, 'location');
  if (!isRecord(location)) {
    // Third-party servers may not echo a place; the request text is then all there is.
    return { query, name: query };
  }
  return {
    query: optionalString(location, 'query') ?? query,
    name: requiredString(location, 'location', 'name'),
    kind: optionalString(location, 'kind'),
    airportCode: optionalString(location, 'airport_code', 'airportCode'),
    countryCode: optionalString(location, 'country_code', 'countryCode'),
    countryName: optionalString(location, 'country_name', 'countryName'),
    latitude: optionalNumber(location, 'latitude', 'lat'),
    longitude: optionalNumber(location, 'longitude', 'lon', 'lng'),
  };
}

/**
 * Converts a search result into a StaySearchResult: structuredContent first, then JSON text, then
 * prose. Throws MalformedResultError for a structured result of the wrong shape and
 * UnreadableTextError for prose without listings. `nights` turns nightly prices into totals.
 */
export function parseSearchResult(
  result: CallToolResult,
  server: string,
  query: string,
  nights: number,
): StaySearchResult {
  const payload = structuredPayload(result);
  if (payload === undefined) {
    return parseTextResult(result, server, query, nights);
  }
  const offers = field(payload, 'offers', 'results', 'listings');
  if (!Array.isArray(offers)) {
    throw new MalformedResultError('offers is missing or not an array');
  }

  const sample = payload.sample === true;
  const notes = field(payload, 'notes');
  return {
    server,
    location: readLocation(payload, query),
    offers: offers.map((offer, index) => readOffer(offer, index, sample, server, nights)),
    sample,
    totalResults: optionalNumber(payload, 'total_results', 'totalResults'),
    nextCursor: optionalString(payload, 'next_cursor', 'nextCursor'),
    notes: Array.isArray(notes)
      ? notes.filter((note): note is string => typeof note === 'string')
      : [],
  };
}

/** ToolError codes that our server's `_meta.error_code` may carry. */
const SERVER_ERROR_CODES: Record<string, ToolError['code']> = {
  invalid_input: 'invalid_input',
  rate_limited: 'rate_limited',
  timeout: 'timeout',
  upstream_error: 'upstream_error',
};

/**
 * Turns an `isError` result into a ToolError. Our server names the kind in `_meta.error_code`;
 * for other servers a message starting with "Invalid" marks an input mistake.
 */
export function toolErrorFromResult(result: CallToolResult, server: string): ToolError {
  const message =
    resultText(result).replace(/\n/g, ' ') ||
    `The lodging server "${server}" reported an error without a message.`;
  const meta = result._meta ?? {};
  const retryAfterSeconds =
    typeof meta.retry_after_seconds === 'number' ? meta.retry_after_seconds : undefined;
  const details = retryAfterSeconds === undefined ? { server } : { server, retryAfterSeconds };

  const serverCode =
    typeof meta.error_code === 'string' ? SERVER_ERROR_CODES[meta.error_code] : undefined;
  if (serverCode) {
    return new ToolError(serverCode, message, details);
  }
  if (/^(Invalid|Input validation error)/i.test(message)) {
    return new ToolError('invalid_input', message, details);
  }
  return new ToolError('upstream_error', message, details);
}
