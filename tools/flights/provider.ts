import type { Logger } from '../../agent/logger.js';
import type { ResolvedPlace } from './places-lookup.js';
import type { CabinClass, FlightOffer, FlightProviderName, FlightSearchInput } from './types.js';

/** A search that passed validation, with places resolved and defaults filled in. */
export interface ValidatedFlightSearch {
  input: FlightSearchInput;
  origin: ResolvedPlace;
  destination: ResolvedPlace;
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
}

/** Dependencies every provider gets. */
export interface ProviderContext {
  logger: Logger;
}
