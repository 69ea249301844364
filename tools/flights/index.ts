import type { Logger } from '../../agent/logger.js';
import { createDuffelProvider, DEFAULT_RETRY_POLICY, type RetryPolicy } from './duffel/provider.js';
import { createSampleProvider } from './sample/provider.js';
import { createFlightSearchWith } from './search.js';
import type { FlightSearch } from './types.js';

export { flightSearchInputSchema, MAX_ONWARD_SLICES, MAX_PASSENGERS } from './schema.js';
export { summarizeOffers } from './summarize.js';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './duffel/provider.js';
export type {
  CabinClass,
  FlightOffer,
  FlightProviderName,
  FlightSearch,
  FlightSearchCallOptions,
  FlightSearchInput,
  FlightSearchResult,
  FlightSegment,
  FlightSlice,
  OnwardSliceInput,
  ResolvedPlaceSummary,
} from './types.js';

/** Tool description written for the model that decides when to search flights. */
export const FLIGHT_SEARCH_TOOL_DESCRIPTION =
  'Search flight offers between two places on given dates for a group of travellers. ' +
  'Returns every offer found, cheapest first, with flights, local times, stops, cabin and baggage. ' +
  'Offers marked sample are invented offline and cannot be booked. ' +
  'An ambiguous place ("Portland") fails with a question to pass on to the user.';

/** Tool description for re-fetching one offer, written for the model that decides to call it. */
export const FLIGHT_OFFER_TOOL_DESCRIPTION =
  'Fetch one flight offer from an earlier search again, by its id, with its current price. ' +
  'Call it when the user picks an offer ("option 2", "the cheapest"), because fares change after a search. ' +
  'Fails with not_found when the offer expired or sold out; then search again.';

/** Budget for one Duffel search, retries included; Duffel's own supplier timeout is 20 s. */
const DEFAULT_TIMEOUT_MS = 25_000;

export interface CreateFlightSearchOptions {
  duffelAccessToken?: string;
  /** Base URL of the Duffel API; tests point it at a local stand-in. */
  duffelBaseUrl?: string;
  /** Budget for one Duffel search in milliseconds, retries included. */
  timeoutMs?: number;
  /** Retry bounds for rate limits and server faults; tests shorten the waits. */
  retry?: Partial<RetryPolicy>;
  logger: Logger;
}

/** Picks Duffel when a token is set, sample fares otherwise. */
export function createFlightSearch(options: CreateFlightSearchOptions): FlightSearch {
  const logger = options.logger.child({ component: 'flights' });

  const provider = options.duffelAccessToken
    ? createDuffelProvider({
        accessToken: options.duffelAccessToken,
        baseUrl: options.duffelBaseUrl,
        timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        retry: { ...DEFAULT_RETRY_POLICY, ...options.retry },
        logger,
      })
    : createSampleProvider({ logger });

  return createFlightSearchWith(provider, logger);
}
