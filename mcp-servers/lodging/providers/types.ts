import type { DetailsOutput, Guests, Offer, ResolvedLocation } from '../schemas.js';

/** One search passed to a provider, after the server validated and resolved the arguments. */
export interface StayQuery {
  location: ResolvedLocation;
  checkIn: string;
  checkOut: string;
  nights: number;
  guests: Guests;
  /** Requested ISO 4217 code; a provider that cannot convert returns its own currency. */
  currency?: string;
  /** Aborts when the client cancels the call or its time limit runs out; stops upstream requests. */
  signal?: AbortSignal;
}

export type DetailsQuery = Omit<StayQuery, 'location'>;

export interface ProviderSearchResult {
  offers: Offer[];
  notes: string[];
}

/** A source of stays: offline sample listings or a real API. */
export interface LodgingProvider {
  readonly name: string;
  readonly sample: boolean;
  search(query: StayQuery): Promise<ProviderSearchResult>;
  /** Fetches one accommodation with its rooms and rates; throws LodgingInputError for bad ids. */
  details(id: string, query: DetailsQuery): Promise<DetailsOutput['accommodation']>;
}
