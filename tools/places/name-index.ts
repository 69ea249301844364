import { CITY_ALIASES, COUNTRY_ALIASES, REGION_ALIASES } from './aliases.js';
import { loadPlaceDataset, type PlaceDataset } from './dataset.js';
import { editDistance, normalizeName, singleDeletions } from './normalize.js';
import type { Airport, City, Country } from './types.js';

/** One place a normalised name can stand for. */
export type NameTarget =
  | { kind: 'city'; city: City; alias: boolean }
  | { kind: 'country'; country: Country; alias: boolean }
  | { kind: 'airport'; airport: Airport; alias: boolean };

/** Names of places, exact and with a symmetric-delete table for one-typo lookups. */
export interface NameIndex {
  dataset: PlaceDataset;
  byName: Map<string, NameTarget[]>;
  /** Maps each one-character deletion of a name of 5+ letters to the names it came from. */
  byDeletion: Map<string, string[]>;
}

/** Names shorter than this get no typo tolerance, since one edit turns them into other words. */
export const MIN_FUZZY_LENGTH = 5;

/** Airport-name words too generic to identify one airport. */
const GENERIC_AIRPORT_WORDS =
  /\b(international|intl|airport|airfield|aerodrome|regional|municipal|national|field|jetport)\b/g;

let index: NameIndex | undefined;

/** Returns the name index, building it with the dataset on first call. */
export function getNameIndex(): NameIndex {
  index ??= buildIndex(loadPlaceDataset());
  return index;
}

function buildIndex(dataset: PlaceDataset): NameIndex {
  const byName = new Map<string, NameTarget[]>();
  const add = (name: string, target: NameTarget) => {
    const key = normalizeName(name);
    if (key.length < 2) return;
    const targets = byName.get(key);
    if (!targets) byName.set(key, [target]);
    else if (!targets.some((existing) => sameTarget(existing, target))) targets.push(target);
  };

  for (const [key, city] of dataset.citiesByKey) {
    for (const entry of city) add(key.split('|')[0], { kind: 'city', city: entry, alias: false });
  }
  // A region whose city is missing from the city list is skipped, like a city alias.
  for (const [alias, { city, countryCode }] of Object.entries({
    ...CITY_ALIASES,
    ...REGION_ALIASES,
  })) {
    const target = mostPopulous(dataset.citiesByKey.get(`${normalizeName(city)}|${countryCode}`));
    if (target) add(alias, { kind: 'city', city: target, alias: true });
  }
  for (const country of dataset.countriesByCode.values()) {
    add(country.name, { kind: 'country', country, alias: false });
  }
  for (const [alias, code] of Object.entries(COUNTRY_ALIASES)) {
    const country = dataset.countriesByCode.get(code);
    if (country) add(alias, { kind: 'country', country, alias: true });
  }
  for (const airport of dataset.airportsByIata.values()) {
    for (const name of airportNames(airport)) add(name, { kind: 'airport', airport, alias: true });
  }

  const byDeletion = new Map<string, string[]>();
  for (const name of byName.keys()) {
    if (name.length < MIN_FUZZY_LENGTH) continue;
    for (const variant of singleDeletions(name)) {
      const names = byDeletion.get(variant);
      if (names) names.push(name);
      else byDeletion.set(variant, [name]);
    }
  }
  return { dataset, byName, byDeletion };
}

/** Distinctive forms of an airport's name: "Heathrow" from "London Heathrow Airport". */
function airportNames(airport: Airport): string[] {
  const full = normalizeName(airport.name);
  const bare = full.replace(GENERIC_AIRPORT_WORDS, ' ').replace(/\s+/g, ' ').trim();
  const withoutCity = bare
    .replace(new RegExp(`\\b${escapeRegExp(normalizeName(airport.city))}\\b`, 'g'), ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const names = [full];
  // NOTE: a bare name equal to a city name ("Lisbon" from "Lisbon Airport") is left to the city.
  if (withoutCity.length >= 5 && withoutCity !== bare) names.push(withoutCity);
  if (/\bairport\b/.test(full)) names.push(`${bare} airport`);
  return names;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function sameTarget(a: NameTarget, b: NameTarget): boolean {
  if (a.kind === 'city' && b.kind === 'city') return a.city === b.city;
  if (a.kind === 'country' && b.kind === 'country') return a.country === b.country;
  if (a.kind === 'airport' && b.kind === 'airport') return a.airport === b.airport;
  return false;
}

function mostPopulous(cities: City[] | undefined): City | undefined {
  return cities?.reduce((best, city) => (city.population > best.population ? city : best));
}

/** Finds index names within one edit (insert, delete, substitute, transpose) of `key`. */
export function fuzzyNames(
  index: NameIndex,
  key: string,
): Array<{ name: string; distance: number }> {
  if (key.length < MIN_FUZZY_LENGTH - 1) return [];
  const candidates = new Set<string>(index.byDeletion.get(key) ?? []);
  for (const variant of singleDeletions(key)) {
    if (index.byName.has(variant) && variant.length >= MIN_FUZZY_LENGTH) candidates.add(variant);
    for (const name of index.byDeletion.get(variant) ?? []) candidates.add(name);
  }
  const results: Array<{ name: string; distance: number }> = [];
  for (const name of candidates) {
    if (name === key) continue;
    const distance = editDistance(key, name, 1);
    if (distance <= 1) results.push({ name, distance });
  }
  return results;
}
