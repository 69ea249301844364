import { countries } from 'countries-list';

import { distanceKm } from '../../places/index.js';
import { ToolError } from '../../types.js';
import { localDate } from '../local-time.js';
import type { FlightOfferProvider, ProviderContext, ValidatedFlightSearch } from '../provider.js';
import type { FlightOffer, FlightSlice } from '../types.js';
import { validateFlightSearch } from '../validate.js';
import { convertFromEuro, isSampleCurrency } from './currency.js';
import {
  decodeSampleOfferId,
  describeSampleSearch,
  encodeSampleOfferId,
  searchInputOf,
} from './offer-id.js';
import { adultSliceFareEur, partyFareShare } from './pricing.js';
import { LONG_HAUL_KM, planRoutings, type Routing } from './routings.js';
import { scheduleSlice } from './schedule.js';
import { repriceSampleAmount } from './repricing.js';
import { hashText } from './seeded-random.js';

/** Sample offers expire after 30 minutes, about the lifetime of a Duffel offer. */
const SAMPLE_OFFER_LIFETIME_MS = 30 * 60_000;
const DEFAULT_SAMPLE_CURRENCY = 'EUR';

function reverseRouting(routing: Routing): Routing {
  return { ...routing, airports: [...routing.airports].reverse() };
}

function baggageFor(routing: Routing, cabin: string): string {
  if (routing.carrier.lowCost) return '1 small cabin bag, no checked bag';
  if (cabin === 'business' || cabin === 'first') return '1 carry-on, 2 checked bags';
  if (cabin === 'premium_economy') return '1 carry-on, 2 checked bags';

  const longHaul = distanceKm(routing.airports[0], routing.airports[routing.airports.length - 1]);
  return longHaul >= LONG_HAUL_KM ? '1 carry-on, 1 checked bag' : '1 carry-on, no checked bag';
}

function currencyFor(search: ValidatedFlightSearch): string {
  if (search.currency && isSampleCurrency(search.currency)) return search.currency;

  const homeCurrency = (countries as Record<string, { currency?: string[] }>)[
    search.origin.countryCode
  ]?.currency?.[0];
  return homeCurrency && isSampleCurrency(homeCurrency) ? homeCurrency : DEFAULT_SAMPLE_CURRENCY;
}

/**
 * Routings for the legs after the first. A return flies the outbound routing backwards; each
 * multi-city leg takes the routing of the same rank on its own route.
 */
function laterRoutings(search: ValidatedFlightSearch, outbound: Routing, rank: number): Routing[] {
  if (search.input.returnDate) return [reverseRouting(outbound)];

  return search.slices.slice(1).map((slice) => {
    const routings = planRoutings(
      slice.origin.airports[0],
      slice.destination.airports[0],
      search.cabin,
    );
    return routings[rank % routings.length];
  });
}

/** Builds every sample offer for a validated search, before limits and sorting. */
function sampleOffers(search: ValidatedFlightSearch, context: ProviderContext): FlightOffer[] {
  const { input, origin, destination, cabin } = search;
  const from = origin.airports[0];
  const to = destination.airports[0];
  const today = localDate(search.now, origin.timeZone);
  const currency = currencyFor(search);
  if (search.currency && currency !== search.currency) {
    context.logger.info(
      { requested: search.currency, used: currency },
      'sample fares have no exchange rate for the requested currency',
    );
  }

  const partyShare = partyFareShare({
    adults: input.adults,
    childrenAges: search.childrenAges,
    infants: search.infants,
  });
  const expiresAt = new Date(search.now.getTime() + SAMPLE_OFFER_LIFETIME_MS).toISOString();
  const searchRecord = describeSampleSearch(search, currency);

  return planRoutings(from, to, cabin).map((outbound, rank): FlightOffer => {
    const slices: FlightSlice[] = [scheduleSlice(outbound, input.departDate)];
    let fareEur = adultSliceFareEur(outbound, input.departDate, cabin, today);

    for (const [index, routing] of laterRoutings(search, outbound, rank).entries()) {
      const date = search.slices[index + 1].departDate;
      slices.push(scheduleSlice(routing, date));
      fareEur += adultSliceFareEur(routing, date, cabin, today);
    }

    const flights = slices.flatMap((slice) =>
      slice.segments.map((segment) => `${segment.flightNumber}@${segment.departLocal}`),
    );
    const hashId = `sample_${hashText([...flights, cabin, partyShare].join('|')).toString(16)}`;

    return {
      id: encodeSampleOfferId(hashId, searchRecord),
      totalAmount: convertFromEuro(fareEur * partyShare, currency),
      currency,
      slices,
      cabin,
      baggage: baggageFor(outbound, cabin),
      expiresAt,
      sample: true,
      provider: 'sample',
    };
  });
}

function offerGone(offerId: string, reason: string): ToolError {
  return new ToolError(
    'not_found',
    `Sample offer ${offerId.slice(0, 24)}... is no longer available (${reason}). Search again for current prices.`,
    { offerId },
  );
}

/**
 * Creates the offline provider: invented but plausible fares over real airports and airlines,
 * the same for the same route, dates, cabin and party, every offer marked `sample`. Offer ids
 * carry their search, so `getOffer` rebuilds an offer in any process and re-prices it by a
 * seeded drift per hour since the search.
 */
export function createSampleProvider(context: ProviderContext): FlightOfferProvider {
  return {
    name: 'sample',

    async findOffers(search) {
      return sampleOffers(search, context);
    },

    async getOffer(offerId, now) {
      const decoded = decodeSampleOfferId(offerId);
      if (!decoded) throw offerGone(offerId, 'the id is not one the sample provider made');

      const searchedAt = new Date(decoded.origin.searchedAtMinute * 60_000);
      const input = searchInputOf(decoded.origin);
      let search: ValidatedFlightSearch;
      try {
        search = validateFlightSearch(input, searchedAt);
      } catch (error) {
        if (!(error instanceof ToolError)) throw error;
        throw offerGone(offerId, 'its search can no longer be read');
      }
      if (input.departDate < localDate(now, search.origin.timeZone)) {
        throw offerGone(offerId, 'its departure date has passed');
      }

      const offer = sampleOffers(search, context).find((candidate) => candidate.id === offerId);
      if (!offer) throw offerGone(offerId, 'the flights changed');

      return {
        ...offer,
        totalAmount: repriceSampleAmount(decoded.hashId, offer.totalAmount, searchedAt, now),
        expiresAt: new Date(now.getTime() + SAMPLE_OFFER_LIFETIME_MS).toISOString(),
      };
    },
  };
}
