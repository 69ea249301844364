import type { Logger } from '../../agent/logger.js';
import type { ResolvedPlace } from './places-lookup.js';
import type { CabinClass, FlightOffer, FlightProviderName, FlightSearchInput } from './types.js';

/** One direction of a validated search: resolved places and the local departure date. */
export interface ValidatedSlice {
  origin: ResolvedPlace;
  destination: ResolvedPlace;
  departDate: string;
}

/** A search that passed validation, with places resolved and defaults filled in. */
export interface ValidatedFlightSearch {
  input: FlightSearchInput;
  /** The first slice's ends. */
  origin: ResolvedPlace;
  destination: ResolvedPlace;
  /** Every slice in flying order: one for one-way, two for a return, more for multi-city. */
  slices: ValidatedSlice[];
  cabin: CabinClass;
  childrenAges: number[];
  infants: number;
  /** Upper-cased ISO 4217 code when the user named one. */
  currency?: string;
  now: Date;
}

/** A source of offers; validation, filtering and sorting happen around it. */
export interface FlightOfferProvider {
  name: FlightProviderName;
  findOffers(search: ValidatedFlightSearch, signal?: AbortSignal): Promise<FlightOffer[]>;
  /** Fetches one offer again at its current price; throws ToolError `not_found` when it is gone. */
  getOffer(offerId: string, now: Date, signal?: AbortSignal): Promise<FlightOffer>;
}

/** Dependencies every provider gets. */
export interface ProviderContext {
  logger: Logger;
}
