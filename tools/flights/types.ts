/** Cabin classes in the names Duffel and most airline APIs use. */
export type CabinClass = 'economy' | 'premium_economy' | 'business' | 'first';

/** Back end of a result: Duffel's live or test API, or offline sample fares. */
export type FlightProviderName = 'duffel' | 'sample';

/** A flight search as the user asked for it, before places are resolved. */
export interface FlightSearchInput {
  /** City, airport or IATA code as the user wrote it. */
  origin: string;
  destination: string;
  /** ISO dates (`YYYY-MM-DD`), local to the departure airport. */
  departDate: string;
  returnDate?: string;
  /**
   * Further one-way flights of a multi-city trip, flown in this order after the first one
   * (origin to destination on departDate). Cannot be combined with returnDate.
   */
  onwardSlices?: OnwardSliceInput[];
  adults: number;
  /** Ages 2 to 17 on the travel date; younger children travel as lap infants. */
  childrenAges?: number[];
  /** Lap infants under 2, each on an adult's lap. */
  infants?: number;
  cabin?: CabinClass;
  /** Connections allowed per direction; 0 means direct flights only. */
  maxConnections?: number;
  /** Highest total price for all travellers, in `currency`. */
  maxPrice?: number;
  /** ISO 4217 code. */
  currency?: string;
}

/** One further leg of a multi-city trip, as the user wrote it. */
export interface OnwardSliceInput {
  /** City, airport or IATA code. */
  origin: string;
  destination: string;
  /** ISO date (`YYYY-MM-DD`), local to this leg's departure airport. */
  departDate: string;
}

/** One flight, from take-off to landing. */
export interface FlightSegment {
  carrier: { iata: string; name: string };
  /** Marketing carrier code plus number, such as `TP1204`. */
  flightNumber: string;
  /** IATA airport codes. */
  origin: string;
  destination: string;
  /** ISO local date-time without offset, in the time zone of the airport it belongs to. */
  departLocal: string;
  arriveLocal: string;
  durationMinutes: number;
}

/** One direction of a trip: the outbound or the return journey. */
export interface FlightSlice {
  origin: string;
  destination: string;
  segments: FlightSegment[];
  /** From first take-off to last landing, connections included. */
  durationMinutes: number;
  /** Connections, which is the number of segments minus one. */
  stops: number;
}

/** A priced itinerary for all travellers. */
export interface FlightOffer {
  id: string;
  /** Total for all travellers, taxes included. */
  totalAmount: number;
  currency: string;
  slices: FlightSlice[];
  cabin: string;
  /** Baggage included per traveller, in words, such as `1 carry-on, 1 checked bag`. */
  baggage?: string;
  /** ISO 8601 UTC instant after which the price is no longer held. */
  expiresAt?: string;
  sample: boolean;
  provider: FlightProviderName;
}

/** A place as the search understood it. */
export interface ResolvedPlaceSummary {
  /** The text the user wrote. */
  query: string;
  /** IATA airport or metropolitan codes searched. */
  codes: string[];
  name: string;
}

/** Every offer found for one search. */
export interface FlightSearchResult {
  provider: FlightProviderName;
  sample: boolean;
  origin: ResolvedPlaceSummary;
  destination: ResolvedPlaceSummary;
  /** All offers, cheapest first. */
  offers: FlightOffer[];
  /** The earliest expiry among the offers. */
  expiresAt?: string;
}

/** Options for one search call. */
export interface FlightSearchCallOptions {
  signal?: AbortSignal;
  /** The current time, for date checks and offer expiry; tests pin it. */
  now?: Date;
}

/** A flight search back end with input validation in front of it. */
export interface FlightSearch {
  provider: FlightProviderName;
  search(input: FlightSearchInput, options?: FlightSearchCallOptions): Promise<FlightSearchResult>;
  /**
   * Fetches one offer again with its current price, because fares change between search and
   * booking. Throws ToolError `not_found` for an unknown or expired offer. Optional so that test
   * doubles need not implement it; `createFlightSearch` always provides it.
   */
  getOffer?(offerId: string, options?: FlightSearchCallOptions): Promise<FlightOffer>;
}
