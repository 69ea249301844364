import { COUNTRY_ALIASES } from './aliases.js';
import { loadPlaceDataset } from './dataset.js';
import { normalizeName } from './normalize.js';
import { getNameIndex } from './name-index.js';
import type { Airport, City, Country } from './types.js';

export type { Airport, City, Country, PlaceKind, PlaceMatch } from './types.js';
export { distanceKm } from './distance.js';
export { resolvePlace, resolvePlaceCandidates, cityCodes } from './resolve.js';
export { findPlacesInText, type PlaceMention } from './find-in-text.js';
export { METRO_CODES, type MetroCode } from './metro-codes.js';

/** Looks up an airport by IATA code, case-insensitive. */
export function getAirport(iata: string): Airport | undefined {
  if (typeof iata !== 'string') return undefined;
  return loadPlaceDataset().airportsByIata.get(iata.trim().toUpperCase());
}

/** Looks up a country by ISO alpha-2 code, name or common alias ("UK", "Holland"). */
export function getCountry(codeOrName: string): Country | undefined {
  if (typeof codeOrName !== 'string') return undefined;
  const { countriesByCode } = loadPlaceDataset();
  const trimmed = codeOrName.trim();
  if (/^[A-Za-z]{2}$/.test(trimmed)) {
    const byCode = countriesByCode.get(trimmed.toUpperCase());
    if (byCode) return byCode;
  }
  const key = normalizeName(trimmed);
  const aliasCode = COUNTRY_ALIASES[key];
  if (aliasCode) return countriesByCode.get(aliasCode);
  const target = getNameIndex()
    .byName.get(key)
    ?.find((entry) => entry.kind === 'country');
  return target?.kind === 'country' ? target.country : undefined;
}

/**
 * Looks up a city by exact name (case- and accent-insensitive, aliases such as "NYC" included),
 * preferring the most populous one with scheduled air service, within `countryCode` if given.
 */
export function getCity(name: string, countryCode?: string): City | undefined {
  if (typeof name !== 'string') return undefined;
  const key = normalizeName(name);
  const wantedCountry = countryCode?.trim().toUpperCase();
  const cities = (getNameIndex().byName.get(key) ?? [])
    .flatMap((target) => (target.kind === 'city' ? [target.city] : []))
    .filter((city) => !wantedCountry || city.countryCode === wantedCountry);
  return cities.sort((a, b) => {
    const aServed = a.airports.length > 0;
    const bServed = b.airports.length > 0;
    if (aServed !== bServed) return aServed ? -1 : 1;
    return b.population - a.population;
  })[0];
}
