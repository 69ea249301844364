import type { Logger } from '../../agent/logger.js';
import type { ResolvedPlace } from './places-lookup.js';
import type { FlightOfferProvider, ValidatedFlightSearch } from './provider.js';
import type { FlightOffer, FlightSearch, ResolvedPlaceSummary } from './types.js';
import { ToolError } from '../types.js';
import { validateFlightSearch } from './validate.js';

/** Offer ids from Duffel (`off_...`) and the sample provider: URL-safe, never empty. */
const OFFER_ID = /^[A-Za-z0-9_.~-]{1,400}$/;

function summarizePlace(place: ResolvedPlace): ResolvedPlaceSummary {
  return { query: place.query, codes: place.codes, name: place.name };
}

function totalMinutes(offer: FlightOffer): number {
  return offer.slices.reduce((sum, slice) => sum + slice.durationMinutes, 0);
}

/**
 * Drops offers over the connection or price limits and sorts the rest cheapest first, shortest
 * first on equal prices. A price limit in another currency than the offer's cannot be compared,
 * so those offers stay.
 */
function applyLimits(offers: FlightOffer[], search: ValidatedFlightSearch): FlightOffer[] {
  const { maxConnections, maxPrice } = search.input;

  return offers
    .filter(
      (offer) =>
        maxConnections === undefined ||
        offer.slices.every((slice) => slice.stops <= maxConnections),
    )
    .filter(
      (offer) =>
        maxPrice === undefined ||
        (search.currency !== undefined && offer.currency !== search.currency) ||
        offer.totalAmount <= maxPrice,
    )
    .sort((a, b) => a.totalAmount - b.totalAmount || totalMinutes(a) - totalMinutes(b));
}

function earliestExpiry(offers: FlightOffer[]): string | undefined {
  const instants = offers.flatMap((offer) =>
    offer.expiresAt ? [Date.parse(offer.expiresAt)] : [],
  );
  return instants.length > 0 ? new Date(Math.min(...instants)).toISOString() : undefined;
}

/** Puts validation, limits and sorting around a provider, giving the public search. */
export function createFlightSearchWith(
  provider: FlightOfferProvider,
  logger: Logger,
): FlightSearch {
  return {
    provider: provider.name,

    async search(input, options = {}) {
      options.signal?.throwIfAborted();
      const search = validateFlightSearch(input, options.now ?? new Date());

      const started = performance.now();
      const found = await provider.findOffers(search, options.signal);
      const offers = applyLimits(found, search);

      const currencies = new Set(offers.map((offer) => offer.currency));
      if (
        search.input.maxPrice !== undefined &&
        search.currency &&
        !currencies.has(search.currency)
      ) {
        logger.info(
          { requested: search.currency, returned: [...currencies] },
          'price limit not applied: offers are priced in another currency',
        );
      }
      logger.info(
        {
          provider: provider.name,
          origin: search.origin.searchCode,
          destination: search.destination.searchCode,
          found: found.length,
          kept: offers.length,
          durationMs: Math.round(performance.now() - started),
        },
        'flight search finished',
      );

      return {
        provider: provider.name,
        sample: provider.name === 'sample',
        origin: summarizePlace(search.origin),
        destination: summarizePlace(search.destination),
        offers,
        expiresAt: earliestExpiry(offers),
      };
    },

    async getOffer(offerId, options = {}) {
      options.signal?.throwIfAborted();
      if (!OFFER_ID.test(offerId)) {
        throw new ToolError(
          'invalid_input',
          `offerId: "${offerId.slice(0, 40)}" is not an offer id. Use the id of an offer from a search result.`,
          { field: 'offerId' },
        );
      }

      const now = options.now ?? new Date();
      const offer = await provider.getOffer(offerId, now, options.signal);
      if (offer.expiresAt && Date.parse(offer.expiresAt) <= now.getTime()) {
        throw new ToolError(
          'not_found',
          `Offer ${offerId} expired at ${offer.expiresAt}, so its price is no longer held. Search again for current prices.`,
          { offerId, expiresAt: offer.expiresAt },
        );
      }

      logger.info(
        { provider: provider.name, offerId, amount: offer.totalAmount, currency: offer.currency },
        'flight offer fetched',
      );
      return offer;
    },
  };
}
