import type { FlightOffer, FlightSearchResult } from '../../tools/flights/index.js';
import { formatDate } from '../reply/format.js';
import { OFFER_CHOICE_LIMIT, type OfferChoice } from '../state.js';

/** The result of `get_flight_offer`: the re-fetched offer beside the price last quoted. */
export interface OfferRecheck {
  /** 1-based position of the offer in the last search's list. */
  option: number;
  summary: string;
  /** The price quoted before this check. */
  quoted: { totalAmount: number; currency: string };
  /** The offer as the provider returns it now. */
  offer: FlightOffer;
}

/** Names an offer's flights in one line: carriers and flight numbers, route, first departure. */
export function summarizeOfferChoice(offer: FlightOffer): string {
  return offer.slices
    .map((slice) => {
      const first = slice.segments[0];
      const last = slice.segments[slice.segments.length - 1];
      const flights = slice.segments.map((segment) => segment.flightNumber).join('+');
      return `${flights} ${slice.origin} ${first.departLocal.slice(11, 16)} → ${slice.destination} ${last.arriveLocal.slice(11, 16)} on ${formatDate(first.departLocal)}`;
    })
    .join('; ');
}

/** Keeps the cheapest offers of a search, in the order the reply numbers them. */
export function offerChoicesOf(result: FlightSearchResult): OfferChoice[] {
  // Test doubles and old cache entries may lack the list; then there is nothing to pick.
  if (!Array.isArray(result?.offers)) return [];
  return result.offers.slice(0, OFFER_CHOICE_LIMIT).map((offer) => ({
    id: offer.id,
    summary: summarizeOfferChoice(offer),
    totalAmount: offer.totalAmount,
    currency: offer.currency,
  }));
}
