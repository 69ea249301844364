import { seededRandom } from './seeded-random.js';

/** A re-priced sample fare lies between 3% below and 5% above the searched amount. */
const HOURLY_DRIFT_DOWN = 0.03;
const HOURLY_DRIFT_UP = 0.05;

/**
 * Prices a sample offer again `now`: the searched amount within the hour of the search, then a
 * seeded drift per whole hour since, the same for the same offer and hour. Airlines move fares
 * between search and booking too, and this lets offline runs show a changed price.
 */
export function repriceSampleAmount(
  offerHash: string,
  searchedAmount: number,
  searchedAt: Date,
  now: Date,
): number {
  const hours = Math.floor((now.getTime() - searchedAt.getTime()) / 3_600_000);
  if (hours <= 0) return searchedAmount;

  const random = seededRandom(`reprice|${offerHash}|${hours}`);
  const factor = 1 - HOURLY_DRIFT_DOWN + random() * (HOURLY_DRIFT_DOWN + HOURLY_DRIFT_UP);
  const repriced = searchedAmount * factor;
  return Number.isInteger(searchedAmount) ? Math.round(repriced) : Math.round(repriced * 100) / 100;
}
