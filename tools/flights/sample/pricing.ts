import { distanceKm } from '../../places/index.js';

import { daysBetween } from '../local-time.js';
import type { CabinClass } from '../types.js';
import type { Routing } from './routings.js';
import { seededRandom } from './seeded-random.js';

/** Fare of one adult in economy before seeded variation, in euros, from the distance flown. */
const FULL_SERVICE_BASE_EUR = 45;
const FULL_SERVICE_EUR_PER_KM = 0.08;
const LOW_COST_BASE_EUR = 15;
const LOW_COST_EUR_PER_KM = 0.055;
/** Connecting itineraries sell below the direct flight on the same route. */
const CONNECTION_DISCOUNT = 0.85;

/** Price of each cabin relative to economy on the same flights. */
export const CABIN_PRICE_FACTOR: Readonly<Record<CabinClass, number>> = {
  economy: 1,
  premium_economy: 1.7,
  business: 3.6,
  first: 6,
};

/** Children 2 to 11 pay a reduced fare; lap infants pay a small share of the adult fare. */
const CHILD_FARE_SHARE = 0.75;
const LAP_INFANT_FARE_SHARE = 0.1;

/** Fares rise close to departure, as airline revenue management makes them do. */
function leadTimeFactor(departDate: string, today: string): number {
  const days = daysBetween(today, departDate);
  if (days < 7) return 1.35;
  if (days < 21) return 1.15;
  return 1;
}

/** Travellers whose share of the adult fare the total is built from. */
export interface FareParty {
  adults: number;
  childrenAges: number[];
  infants: number;
}

/**
 * Prices one direction of a routing for one adult, in euros. The seeded variation depends on the
 * route, carrier, date and departure but not on the cabin, so a higher cabin always costs more.
 */
export function adultSliceFareEur(
  routing: Routing,
  departDate: string,
  cabin: CabinClass,
  today: string,
): number {
  let flownKm = 0;
  for (let leg = 0; leg < routing.airports.length - 1; leg++) {
    flownKm += distanceKm(routing.airports[leg], routing.airports[leg + 1]);
  }

  const base = routing.carrier.lowCost
    ? LOW_COST_BASE_EUR + LOW_COST_EUR_PER_KM * flownKm
    : FULL_SERVICE_BASE_EUR + FULL_SERVICE_EUR_PER_KM * flownKm;
  const connection = routing.airports.length > 2 ? CONNECTION_DISCOUNT : 1;
  const random = seededRandom(
    `fare|${routing.carrier.iata}|${routing.airports.map((airport) => airport.iata).join('-')}|${departDate}|${routing.variant}`,
  );
  const variation = 0.85 + random() * 0.4;

  return (
    base * connection * variation * CABIN_PRICE_FACTOR[cabin] * leadTimeFactor(departDate, today)
  );
}

/** Multiplies an adult fare by the party: children under 12 and lap infants pay less. */
export function partyFareShare(party: FareParty): number {
  const children = party.childrenAges.reduce(
    (sum, age) => sum + (age < 12 ? CHILD_FARE_SHARE : 1),
    0,
  );
  return party.adults + children + party.infants * LAP_INFANT_FARE_SHARE;
}
