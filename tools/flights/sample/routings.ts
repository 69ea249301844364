import { distanceKm, getAirport } from '../../places/index.js';
import type { Airport } from '../../places/index.js';
import { countries } from 'countries-list';

import type { CabinClass } from '../types.js';
import {
  CARRIERS_BY_CONTINENT,
  LOW_COST_MAX_KM,
  SAMPLE_CARRIERS,
  sampleCarrier,
  type SampleCarrier,
} from './carriers.js';

/** One way to fly a direction: a carrier and the airports it stops at, origin first. */
export interface Routing {
  carrier: SampleCarrier;
  airports: Airport[];
  /** Distinguishes the morning (0) and afternoon (1) departures of one carrier on one route. */
  variant: number;
}

/** The longest scheduled non-stop flights are about 15,300 km (Singapore to New York). */
const MAX_NONSTOP_KM = 15_500;
/** Below this distance travellers fly direct, so connecting sample itineraries are left out. */
const MIN_CONNECTING_KM = 2_000;
/** A connection may add at most this share of the direct distance, or fewer hubs qualify. */
const MAX_DETOUR_RATIO = 1.35;
/** When no carrier flies a route direct, a longer detour beats no itinerary at all. */
const FALLBACK_DETOUR_RATIO = 1.9;
const MAX_DIRECT_CARRIERS = 3;
const MAX_CONNECTING_CARRIERS = 3;
/** Long haul starts here; premium economy and first cabins exist only on such flights. */
export const LONG_HAUL_KM = 3_000;
const FIRST_CLASS_CARRIERS = new Set(['BA', 'AF', 'LH', 'LX', 'EK', 'QR', 'SQ', 'CX', 'NH', 'QF']);

function continentOf(countryCode: string): string | undefined {
  return (countries as Record<string, { continent?: string }>)[countryCode]?.continent;
}

/** Tells whether a carrier sells a cabin on a flight of this length. */
export function sellsCabin(
  carrier: SampleCarrier,
  cabin: CabinClass,
  longestLegKm: number,
): boolean {
  if (carrier.lowCost) return cabin === 'economy';
  if (cabin === 'premium_economy') return longestLegKm >= LONG_HAUL_KM;
  if (cabin === 'first')
    return longestLegKm >= LONG_HAUL_KM && FIRST_CLASS_CARRIERS.has(carrier.iata);
  return true;
}

function longestLegKm(routing: Routing): number {
  let longest = 0;
  for (let leg = 0; leg < routing.airports.length - 1; leg++) {
    longest = Math.max(longest, distanceKm(routing.airports[leg], routing.airports[leg + 1]));
  }
  return longest;
}

/**
 * Plans the direct and one-stop routings a plausible schedule would offer between two airports,
 * then keeps those that sell the cabin. Home carriers of either end fly direct, low-cost
 * carriers fly short routes inside their continent, and long routes also connect through real
 * hubs that add little distance. The plan does not depend on the cabin, so a higher cabin offers
 * a subset of the economy flights.
 */
export function planRoutings(from: Airport, to: Airport, cabin: CabinClass): Routing[] {
  const directKm = distanceKm(from, to);
  const direct = directCarriers(from, to, directKm);

  const routings: Routing[] = direct.flatMap((carrier) => [
    { carrier, airports: [from, to], variant: 0 },
    { carrier, airports: [from, to], variant: 1 },
  ]);

  if (directKm >= MIN_CONNECTING_KM || direct.length === 0) {
    const detourLimit = direct.length === 0 ? FALLBACK_DETOUR_RATIO : MAX_DETOUR_RATIO;
    routings.push(...connectingRoutings(from, to, directKm, detourLimit));
  }

  // A route no table carrier serves still gets a direct flight from a regional carrier.
  if (routings.length === 0 && directKm <= MAX_NONSTOP_KM) {
    const fallback = (CARRIERS_BY_CONTINENT[continentOf(from.countryCode) ?? ''] ?? ['LH'])
      .map((iata) => sampleCarrier(iata))
      .find((carrier) => carrier !== undefined);
    if (fallback) routings.push({ carrier: fallback, airports: [from, to], variant: 0 });
  }

  return routings.filter((routing) => sellsCabin(routing.carrier, cabin, longestLegKm(routing)));
}

function directCarriers(from: Airport, to: Airport, directKm: number): SampleCarrier[] {
  if (directKm > MAX_NONSTOP_KM) return [];

  const fromContinent = continentOf(from.countryCode);
  const toContinent = continentOf(to.countryCode);
  const fullService = SAMPLE_CARRIERS.filter(
    (carrier) =>
      !carrier.lowCost &&
      (carrier.hubs.includes(from.iata) ||
        carrier.hubs.includes(to.iata) ||
        // Flag carriers fly long haul from their hubs only, but short haul from home airports.
        (directKm < LONG_HAUL_KM &&
          (carrier.countryCode === from.countryCode || carrier.countryCode === to.countryCode))),
  );
  const lowCost = SAMPLE_CARRIERS.filter(
    (carrier) =>
      carrier.lowCost &&
      directKm <= LOW_COST_MAX_KM &&
      fromContinent !== undefined &&
      carrier.lowCostContinents?.includes(fromContinent) &&
      fromContinent === toContinent,
  );

  return [...fullService.slice(0, MAX_DIRECT_CARRIERS), ...lowCost];
}

function connectingRoutings(
  from: Airport,
  to: Airport,
  directKm: number,
  detourLimit: number,
): Routing[] {
  const options: Array<{ carrier: SampleCarrier; hub: Airport; detour: number; home: boolean }> =
    [];

  for (const carrier of SAMPLE_CARRIERS) {
    if (carrier.lowCost) continue;

    for (const hubCode of carrier.hubs) {
      const hub = getAirport(hubCode);
      if (!hub || hub.iata === from.iata || hub.iata === to.iata) continue;

      const firstLegKm = distanceKm(from, hub);
      const secondLegKm = distanceKm(hub, to);
      const detour = (firstLegKm + secondLegKm) / directKm;
      const legsFit = Math.max(firstLegKm, secondLegKm) <= MAX_NONSTOP_KM;
      const legsLongEnough = Math.min(firstLegKm, secondLegKm) >= 150;
      if (detour > detourLimit || !legsFit || !legsLongEnough) continue;

      const home =
        carrier.countryCode === from.countryCode || carrier.countryCode === to.countryCode;
      options.push({ carrier, hub, detour, home });
    }
  }

  // Carriers from either end of the route first, then the hubs that add least distance.
  options.sort((a, b) => Number(b.home) - Number(a.home) || a.detour - b.detour);

  const chosen: Routing[] = [];
  const usedCarriers = new Set<string>();
  for (const option of options) {
    if (usedCarriers.has(option.carrier.iata)) continue;
    usedCarriers.add(option.carrier.iata);
    chosen.push({ carrier: option.carrier, airports: [from, option.hub, to], variant: 0 });
    if (chosen.length === MAX_CONNECTING_CARRIERS) break;
  }
  return chosen;
}
