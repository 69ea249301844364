import { countries } from 'countries-list';
import { resolvePlace, resolvePlaceCandidates } from '../../tools/places/index.js';
import { LodgingInputError } from './errors.js';
import type { ResolvedLocation } from './schemas.js';

/**
 * Resolves the `location` argument to a city or airport with coordinates. An airport of a known
 * city is searched around the city centre, because visitors usually stay there. The result still
 * echoes the airport code.
 */
export function resolveStayLocation(query: string): ResolvedLocation {
  const place = resolvePlace(query, { kinds: ['city', 'airport', 'country'] });

  if (place === undefined) {
    const suggestions = suggestPlaces(query);
    throw new LodgingInputError(
      'location',
      `"${query}" was not found as a city or airport.` +
        (suggestions ? ` Did you mean ${suggestions}?` : ' Check the spelling or add the country.'),
    );
  }

  if (place.kind === 'country') {
    throw new LodgingInputError(
      'location',
      `"${query}" is a country; name a city in it, such as its capital, to search for stays.`,
    );
  }

  if (place.kind === 'city') {
    const city = place.city;
    return {
      query,
      kind: 'city',
      name: city.name,
      country_code: city.countryCode,
      country_name: city.countryName,
      latitude: city.lat,
      longitude: city.lon,
    };
  }

  const airport = place.airport;
  const city = place.city;
  return {
    query,
    kind: 'airport',
    name: city ? city.name : airport.name,
    airport_code: airport.iata,
    country_code: city ? city.countryCode : airport.countryCode,
    country_name: city ? city.countryName : countryName(airport.countryCode),
    latitude: city ? city.lat : airport.lat,
    longitude: city ? city.lon : airport.lon,
  };
}

function suggestPlaces(query: string): string {
  const candidates = resolvePlaceCandidates(query, 3);
  const names = candidates
    .map((candidate) =>
      candidate.kind === 'city'
        ? `${candidate.city.name}, ${candidate.city.countryName}`
        : undefined,
    )
    .filter((name): name is string => name !== undefined);
  return names.join(' or ');
}

function countryName(countryCode: string): string {
  return countries[countryCode as keyof typeof countries]?.name ?? countryCode;
}
