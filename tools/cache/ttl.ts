import { ConfigError } from '../../agent/config.js';
import type { CacheCall, CacheDataType } from './types.js';

/** Time to live in seconds for each data type. */
export type TtlTable = Record<CacheDataType, number>;

/** Default time to live per data type, in seconds. */
export const DEFAULT_TTL_SECONDS: Readonly<TtlTable> = {
  // Fares change within minutes, and offers carry their own expiry (see maxTtlSeconds).
  flight_search: 5 * 60,
  stay_search: 10 * 60,
  destination_page: 60 * 60,
  // Facts come from data packages that change only with a package upgrade.
  destination_facts: 24 * 60 * 60,
  reference: 7 * 24 * 60 * 60,
};

/** Env variable that overrides each data type's time to live, in seconds. */
export const TTL_ENV_VARIABLES: Readonly<Record<CacheDataType, string>> = {
  flight_search: 'CACHE_TTL_FLIGHT_SEARCH',
  stay_search: 'CACHE_TTL_STAY_SEARCH',
  destination_page: 'CACHE_TTL_DESTINATION_PAGE',
  destination_facts: 'CACHE_TTL_DESTINATION_FACTS',
  reference: 'CACHE_TTL_REFERENCE',
};

/** Maximum share of a TTL that jitter removes, so entries written together expire apart. */
export const TTL_JITTER_RATIO = 0.1;

/** Builds the TTL table from the defaults and env overrides; throws ConfigError on a bad value. */
export function loadTtlTable(env: Record<string, string | undefined> = {}): TtlTable {
  const table: TtlTable = { ...DEFAULT_TTL_SECONDS };
  for (const dataType of Object.keys(table) as CacheDataType[]) {
    const variable = TTL_ENV_VARIABLES[dataType];
    const raw = env[variable]?.trim();
    if (raw === undefined || raw === '') continue;

    const seconds = Number(raw);
    if (!/^\d+$/.test(raw) || !Number.isSafeInteger(seconds)) {
      throw new ConfigError(
        `Invalid ${variable} ${JSON.stringify(raw)}: use a whole number of seconds (0 turns caching off).`,
      );
    }
    table[dataType] = seconds;
  }
  return table;
}

/**
 * Computes the TTL of one entry in ms. It is the table's value capped by the call's
 * `maxTtlSeconds`, minus up to TTL_JITTER_RATIO of it, and 0 when the entry must not be
 * cached. `random` returns a number in [0, 1), as Math.random does.
 */
export function entryTtlMs(
  table: TtlTable,
  call: CacheCall,
  random: () => number = Math.random,
): number {
  let seconds = table[call.dataType];
  if (seconds === undefined) {
    throw new TypeError(
      `Invalid dataType ${JSON.stringify(call.dataType)} for tool ${call.tool}: ` +
        `use one of ${Object.keys(table).join(', ')}.`,
    );
  }

  if (call.maxTtlSeconds !== undefined) {
    if (Number.isNaN(call.maxTtlSeconds)) {
      throw new TypeError(
        `Invalid maxTtlSeconds NaN for tool ${call.tool}: use a number of seconds.`,
      );
    }
    seconds = Math.min(seconds, call.maxTtlSeconds);
  }
  if (seconds <= 0) return 0;

  const ttlMs = seconds * 1000;
  return Math.max(1, Math.floor(ttlMs - ttlMs * TTL_JITTER_RATIO * random()));
}
