import type { ComponentHealth } from '../types.js';

/** A stay search as the agent sends it; dates are YYYY-MM-DD. */
export interface StaySearchInput {
  location: string;
  checkIn: string;
  checkOut: string;
  adults: number;
  children?: number;
  infants?: number;
  pets?: boolean;
  maxPrice?: number;
  currency?: string;
}

/** One place to stay, normalised from the MCP server that returned it. */
export interface StayOffer {
  id: string;
  name: string;
  nightlyPrice: number;
  totalPrice: number;
  currency: string;
  petsAllowed: boolean;
  rating?: number;
  reviewScore?: number;
  neighbourhood?: string;
  address?: string;
  latitude?: number;
  longitude?: number;
  distanceKm?: number;
  amenities: string[];
  sample: boolean;
  provider: string;
}

/** The place the server understood, so a wrong guess is visible to the user. */
export interface StayLocation {
  query: string;
  name: string;
  kind?: string;
  airportCode?: string;
  countryCode?: string;
  countryName?: string;
  latitude?: number;
  longitude?: number;
}

export interface StaySearchResult {
  /** The `mcpServers` key of the server that returned the result. */
  server: string;
  location: StayLocation;
  offers: StayOffer[];
  sample: boolean;
  /** Matching offers across all pages, when the server reports it. */
  totalResults?: number;
  nextCursor?: string;
  notes: string[];
}

export interface LodgingClient {
  /** Searches stays; throws ToolError for bad input, a failed server, a timeout or bad output. */
  search(input: StaySearchInput, options?: { signal?: AbortSignal }): Promise<StaySearchResult>;
  /** Connects if needed and pings the server; never throws. */
  health(): Promise<ComponentHealth>;
  /** Stops the child process or closes the HTTP session. */
  close(): Promise<void>;
}
