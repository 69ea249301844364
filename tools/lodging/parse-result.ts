import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { ToolError } from '../types.js';
import type { StayLocation, StayOffer, StaySearchResult } from './types.js';

type JsonRecord = Record<string, unknown>;

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

/** Takes structuredContent, or for servers without it, a JSON object in the first text item. */
function structuredPayload(result: CallToolResult): JsonRecord {
  if (isRecord(result.structuredContent)) {
    return result.structuredContent;
  }
  const text = result.content?.find((item) => item.type === 'text');
  if (text && text.type === 'text') {
    try {
      const parsed: unknown = JSON.parse(text.text);
      if (isRecord(parsed)) return parsed;
    } catch {
      // Falls through to the error below: plain prose cannot be turned into offers.
    }
  }
  throw new MalformedResultError(
    'the result has neither structuredContent nor a JSON object in its text',
  );
}

function readOffer(
  value: unknown,
  index: number,
  defaultSample: boolean,
  server: string,
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
    totalPrice: optionalNumber(value, 'total_price', 'totalPrice') ?? nightlyPrice * (nights ?? 1),
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

/** Converts a search_accommodations result into a StaySearchResult; throws MalformedResultError. */
export function parseSearchResult(
  result: CallToolResult,
  server: string,
  query: string,
): StaySearchResult {
  const payload = structuredPayload(result);
  const offers = field(payload, 'offers', 'results', 'listings');
  if (!Array.isArray(offers)) {
    throw new MalformedResultError('offers is missing or not an array');
  }

  const sample = payload.sample === true;
  const notes = field(payload, 'notes');
  return {
    server,
    location: readLocation(payload, query),
    offers: offers.map((offer, index) => readOffer(offer, index, sample, server)),
    sample,
    totalResults: optionalNumber(payload, 'total_results', 'totalResults'),
    nextCursor: optionalString(payload, 'next_cursor', 'nextCursor'),
    notes: Array.isArray(notes)
      ? notes.filter((note): note is string => typeof note === 'string')
      : [],
  };
}

/** Turns an `isError` result into a ToolError; our server starts input mistakes with "Invalid". */
export function toolErrorFromResult(result: CallToolResult, server: string): ToolError {
  const text = (result.content ?? [])
    .map((item) => (item.type === 'text' ? item.text : ''))
    .join(' ')
    .trim();
  const message = text || `The lodging server "${server}" reported an error without a message.`;
  if (/^(Invalid|Input validation error)/i.test(message)) {
    return new ToolError('invalid_input', message, { server });
  }
  return new ToolError('upstream_error', message, { server });
}
