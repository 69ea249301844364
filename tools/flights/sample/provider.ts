import { countries } from 'countries-list';

import { distanceKm } from '../../places/index.js';
import { localDate } from '../local-time.js';
import type { FlightOfferProvider, ProviderContext, ValidatedFlightSearch } from '../provider.js';
import type { FlightOffer, FlightSlice } from '../types.js';
import { convertFromEuro, isSampleCurrency } from './currency.js';
import { adultSliceFareEur, partyFareShare } from './pricing.js';
import { LONG_HAUL_KM, planRoutings, type Routing } from './routings.js';
import { scheduleSlice } from './schedule.js';
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
 * Creates the offline provider: invented but plausible fares over real airports and airlines,
 * the same for the same route, dates, cabin and party, every offer marked `sample`.
 */
export function createSampleProvider(context: ProviderContext): FlightOfferProvider {
  return {
    name: 'sample',

    async findOffers(search) {
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

      return planRoutings(from, to, cabin).map((outbound): FlightOffer => {
        const slices: FlightSlice[] = [scheduleSlice(outbound, input.departDate)];
        let fareEur = adultSliceFareEur(outbound, input.departDate, cabin, today);

        if (input.returnDate) {
          const inbound = reverseRouting(outbound);
          slices.push(scheduleSlice(inbound, input.returnDate));
          fareEur += adultSliceFareEur(inbound, input.returnDate, cabin, today);
        }

        const flights = slices.flatMap((slice) =>
          slice.segments.map((segment) => `${segment.flightNumber}@${segment.departLocal}`),
        );
        const id = `sample_${hashText([...flights, cabin, partyShare].join('|')).toString(16)}`;

        return {
          id,
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
    },
  };
}
