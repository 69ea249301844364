import { ConfigError } from '../../agent/config.js';
import type { CacheCall, CacheDataType } from './types.js';

/** What a context-dependent TTL rule may look at. */
export interface TtlContext {
  call: CacheCall;
  /** Current time in ms since the epoch. */
  now: number;
}

/** A TTL that replaces the policy's base TTL while `applies` returns true. */
export interface TtlRule {
  /** Suffix of the rule's env variable, such as `PEAK` in `CACHE_TTL_FLIGHT_SEARCH_PEAK`. */
  name: string;
  seconds: number;
  applies(context: TtlContext): boolean;
}

/** The TTL of one data type: a base TTL in seconds and rules tried in order before it. */
export interface TtlPolicy {
  seconds: number;
  rules: readonly TtlRule[];
}

/** TTL policy for each data type. */
export type TtlTable = Record<CacheDataType, TtlPolicy>;

/** Base time to live per data type, in seconds, before env overrides. */
export const DEFAULT_TTL_SECONDS: Readonly<Record<CacheDataType, number>> = {
  // Fares change within minutes, and offers carry their own expiry (see CacheCall.expiresAt).
  flight_search: 5 * 60,
  stay_search: 10 * 60,
  destination_page: 60 * 60,
  // Facts come from data packages that change only with a package upgrade.
  destination_facts: 24 * 60 * 60,
  reference: 7 * 24 * 60 * 60,
};

/** Env variable that overrides each data type's base time to live, in seconds. */
export const TTL_ENV_VARIABLES: Readonly<Record<CacheDataType, string>> = {
  flight_search: 'CACHE_TTL_FLIGHT_SEARCH',
  stay_search: 'CACHE_TTL_STAY_SEARCH',
  destination_page: 'CACHE_TTL_DESTINATION_PAGE',
  destination_facts: 'CACHE_TTL_DESTINATION_FACTS',
  reference: 'CACHE_TTL_REFERENCE',
};

/** Env variable with the peak booking hours in UTC, as `FROM-TO` whole hours, TO excluded. */
export const PEAK_HOURS_ENV_VARIABLE = 'CACHE_PEAK_HOURS_UTC';

/**
 * Default peak booking hours in UTC, 17:00 to 22:00. NOTE: an estimate of evening demand in
 * Europe, not measured; set CACHE_PEAK_HOURS_UTC for the markets served.
 */
export const DEFAULT_PEAK_HOURS_UTC = { from: 17, to: 22 };

/** Flight fares change faster while many people book, so searches then live 2 minutes. */
const DEFAULT_FLIGHT_PEAK_SECONDS = 2 * 60;

/**
 * Maximum TTL an env variable may set: 10 years. A stored entry carries its expiry in ms since
 * the epoch in at most 16 digits, which TTLs of about 300,000 years and more overflow.
 */
export const MAX_TTL_SECONDS = 10 * 365 * 24 * 60 * 60;

/** Maximum share of a TTL that jitter removes, so entries written together expire apart. */
export const TTL_JITTER_RATIO = 0.1;

/** Reports whether `now` (ms since the epoch) falls in [from, to) hours UTC, across midnight too. */
export function isWithinUtcHours(now: number, hours: { from: number; to: number }): boolean {
  const hour = Math.floor(now / 3_600_000) % 24;
  if (hours.from <= hours.to) return hour >= hours.from && hour < hours.to;
  return hour >= hours.from || hour < hours.to;
}

/**
 * Builds the TTL table from the defaults and env overrides: `CACHE_TTL_<TYPE>` for a base TTL,
 * `CACHE_TTL_<TYPE>_<RULE>` for a rule, and CACHE_PEAK_HOURS_UTC. Throws ConfigError on a bad
 * value.
 */
export function loadTtlTable(env: Record<string, string | undefined> = {}): TtlTable {
  const peakHours = readHours(env, PEAK_HOURS_ENV_VARIABLE) ?? DEFAULT_PEAK_HOURS_UTC;
  const rulesByType: Record<CacheDataType, TtlRule[]> = {
    flight_search: [
      {
        name: 'PEAK',
        seconds: DEFAULT_FLIGHT_PEAK_SECONDS,
        applies: ({ now }) => isWithinUtcHours(now, peakHours),
      },
    ],
    stay_search: [],
    destination_page: [],
    destination_facts: [],
    reference: [],
  };

  const table = {} as TtlTable;
  for (const dataType of Object.keys(DEFAULT_TTL_SECONDS) as CacheDataType[]) {
    const variable = TTL_ENV_VARIABLES[dataType];
    const rules = rulesByType[dataType].map((rule) => ({
      ...rule,
      seconds: readSeconds(env, `${variable}_${rule.name}`) ?? rule.seconds,
    }));
    table[dataType] = {
      seconds: readSeconds(env, variable) ?? DEFAULT_TTL_SECONDS[dataType],
      rules,
    };
  }
  return table;
}

/**
 * Returns the configured TTL of a call in seconds: its policy's first applying rule or base
 * TTL, capped by `maxTtlSeconds`, and 0 when the base TTL is 0 or less. 0 or less means the
 * result must not be cached.
 */
export function configuredTtlSeconds(table: TtlTable, call: CacheCall, now: number): number {
  const policy = table[call.dataType];
  if (policy === undefined) {
    throw new TypeError(
      `Invalid dataType ${JSON.stringify(call.dataType)} for tool ${call.tool}: ` +
        `use one of ${Object.keys(table).join(', ')}.`,
    );
  }

  // A base TTL of 0 turns the type off, so a rule such as the peak-hours TTL must not turn it
  // back on.
  if (policy.seconds <= 0) return 0;

  let seconds = policy.seconds;
  for (const rule of policy.rules) {
    if (rule.applies({ call, now })) {
      seconds = rule.seconds;
      break;
    }
  }

  if (call.maxTtlSeconds !== undefined) {
    if (Number.isNaN(call.maxTtlSeconds)) {
      throw new TypeError(
        `Invalid maxTtlSeconds NaN for tool ${call.tool}: use a number of seconds.`,
      );
    }
    seconds = Math.min(seconds, call.maxTtlSeconds);
  }
  return seconds;
}

/**
 * Computes the TTL of one entry in ms: the configured TTL (see configuredTtlSeconds) minus up
 * to TTL_JITTER_RATIO of it, and 0 when the entry must not be cached. `random` returns a
 * number in [0, 1), as Math.random does.
 */
export function entryTtlMs(
  table: TtlTable,
  call: CacheCall,
  random: () => number = Math.random,
  now: number = Date.now(),
): number {
  return jitteredTtlMs(configuredTtlSeconds(table, call, now), random);
}

/** Converts a TTL in seconds to ms minus up to TTL_JITTER_RATIO of it; 0 for 0 or less. */
export function jitteredTtlMs(seconds: number, random: () => number = Math.random): number {
  if (seconds <= 0) return 0;

  const ttlMs = seconds * 1000;
  return Math.max(1, Math.floor(ttlMs - ttlMs * TTL_JITTER_RATIO * random()));
}

/**
 * Caps a TTL by the expiry the value carries (CacheCall.expiresAt), so an entry never outlives
 * the offers in it. Returns 0 when the value has expired, and throws TypeError for an expiry
 * that is not a date, because caching such a value could serve dead offers.
 */
export function capTtlByValue(ttlMs: number, call: CacheCall, value: unknown, now: number): number {
  if (!call.expiresAt) return ttlMs;

  const expiresAt = call.expiresAt(value);
  if (expiresAt === undefined) return ttlMs;

  const expiresAtMs = Date.parse(expiresAt);
  if (Number.isNaN(expiresAtMs)) {
    throw new TypeError(
      `Invalid expiresAt ${JSON.stringify(expiresAt)} from tool ${call.tool}: ` +
        'return an ISO 8601 date-time, or undefined when the result does not expire.',
    );
  }
  return Math.max(0, Math.min(ttlMs, expiresAtMs - now));
}

function readSeconds(
  env: Record<string, string | undefined>,
  variable: string,
): number | undefined {
  const raw = env[variable]?.trim();
  if (raw === undefined || raw === '') return undefined;

  const seconds = Number(raw);
  if (!/^\d+$/.test(raw) || seconds > MAX_TTL_SECONDS) {
    throw new ConfigError(
      `Invalid ${variable} ${JSON.stringify(raw)}: use a whole number of seconds up to ` +
        `${MAX_TTL_SECONDS} (10 years), or 0 to turn caching off.`,
    );
  }
  return seconds;
}

function readHours(
  env: Record<string, string | undefined>,
  variable: string,
): { from: number; to: number } | undefined {
  const raw = env[variable]?.trim();
  if (raw === undefined || raw === '') return undefined;

  const match = /^(\d{1,2})-(\d{1,2})$/.exec(raw);
  const from = Number(match?.[1]);
  const to = Number(match?.[2]);
  if (!match || from > 23 || to > 24 || from === to) {
    throw new ConfigError(
      `Invalid ${variable} ${JSON.stringify(raw)}: use FROM-TO whole hours in UTC, such as 17-22 ` +
        '(TO excluded, FROM and TO different, 22-6 spans midnight).',
    );
  }
  // TO stays 24 rather than 0, so that 0-24 is the whole day and not an empty window.
  return { from, to };
}
