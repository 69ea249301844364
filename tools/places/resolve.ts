import { fuzzyNames, getNameIndex, type NameIndex, type NameTarget } from './name-index.js';
import { normalizeName } from './normalize.js';
import type { City, PlaceKind, PlaceMatch } from './types.js';

/** Matches scoring below this are too weak for `resolvePlace` to pick on its own. */
const MIN_RESOLVE_SCORE = 0.6;
const FUZZY_SCORE = 0.8;
const ALIAS_SCORE = 0.97;
/** A second city of the same name scores this much lower, so the better-known one wins. */
const NAMESAKE_PENALTY = 0.05;

/** Characters beyond which text is not looked up as a place name. */
const MAX_PLACE_TEXT = 200;

/** Resolves a place name, IATA code or alias ("NYC", "new york", "Lisbn", "LIS"); undefined if nothing is close. */
export function resolvePlace(
  text: string,
  options?: { kinds?: PlaceKind[] },
): PlaceMatch | undefined {
  const kinds = options?.kinds;
  const best = resolvePlaceCandidates(text, 20).find(
    (match) => !kinds || kinds.includes(match.kind),
  );
  return best && best.score >= MIN_RESOLVE_SCORE ? best : undefined;
}

/** Lists all plausible matches, best first, so callers can tell an ambiguous name ("Portland") apart. */
export function resolvePlaceCandidates(text: string, limit = 5): PlaceMatch[] {
  if (typeof text !== 'string') return [];
  const index = getNameIndex();
  const trimmed = text.trim();
  // No place name is this long, and fuzzy matching grows with the length of the text.
  if (trimmed.length > MAX_PLACE_TEXT) return [];
  const key = normalizeName(trimmed);
  if (key.length === 0) return [];

  const matches = [...codeMatches(index, trimmed), ...nameMatches(index, key, trimmed)];
  if (matches.length === 0 && key.length >= 5) {
    for (const { name } of fuzzyNames(index, key)) {
      matches.push(...targetsToMatches(index.byName.get(name) ?? [], name, FUZZY_SCORE));
    }
  }
  return dedupe(matches).sort(compareMatches).slice(0, Math.max(1, limit));
}

/** Builds matches for the places that carry `key` as a name, cities with air service first. */
export function nameMatches(index: NameIndex, key: string, original: string): PlaceMatch[] {
  const targets = index.byName.get(key);
  if (!targets) return [];
  return targetsToMatches(targets, original, 1);
}

/** Builds matches for a three-letter IATA airport or metropolitan code. */
export function codeMatches(index: NameIndex, text: string): PlaceMatch[] {
  if (!/^[A-Za-z]{3}$/.test(text)) return [];
  const code = text.toUpperCase();
  // Lower-case "rio" or "bos" is more likely a name, so codes typed that way score a little less.
  const score = text === code ? 1 : 0.96;
  const metro = index.dataset.metroByCode.get(code);
  if (metro) return [{ kind: 'city', city: metro, codes: [code], matched: text, score }];

  const airport = index.dataset.airportsByIata.get(code);
  if (!airport) return [];
  const city = index.dataset.cityByAirport.get(code);
  return [{ kind: 'airport', airport, city, codes: [code], matched: text, score }];
}

function targetsToMatches(targets: NameTarget[], matched: string, baseScore: number): PlaceMatch[] {
  const cities = targets
    .filter((target) => target.kind === 'city')
    .sort((a, b) => compareCities(a.city, b.city));
  const matches: PlaceMatch[] = cities.map((target, rank) => ({
    kind: 'city',
    city: target.city,
    codes: cityCodes(target.city),
    matched,
    score: round(
      baseScore * (target.alias ? ALIAS_SCORE : 1) -
        (rank > 0 ? NAMESAKE_PENALTY : 0) -
        (target.city.airports.length === 0 ? 0.1 : 0),
    ),
  }));

  for (const target of targets) {
    if (target.kind === 'country') {
      matches.push({
        kind: 'country',
        country: target.country,
        matched,
        score: round(baseScore * (target.alias ? ALIAS_SCORE : 1)),
      });
    } else if (target.kind === 'airport') {
      const index = getNameIndex();
      matches.push({
        kind: 'airport',
        airport: target.airport,
        city: index.dataset.cityByAirport.get(target.airport.iata),
        codes: [target.airport.iata],
        matched,
        score: round(baseScore * ALIAS_SCORE),
      });
    }
  }
  return matches;
}

/** Returns the codes a flight search should use for a city: its metro code, else its airports. */
export function cityCodes(city: City): string[] {
  return city.cityCode ? [city.cityCode] : [...city.airports];
}

/** Puts cities with scheduled air service first, then the more populous. */
function compareCities(a: City, b: City): number {
  const aServed = a.airports.length > 0;
  const bServed = b.airports.length > 0;
  if (aServed !== bServed) return aServed ? -1 : 1;
  return b.population - a.population;
}

const KIND_ORDER: Record<PlaceKind, number> = { country: 0, city: 1, airport: 2 };

function compareMatches(a: PlaceMatch, b: PlaceMatch): number {
  if (a.score !== b.score) return b.score - a.score;
  if (a.kind === 'city' && b.kind === 'city') return compareCities(a.city, b.city);
  return KIND_ORDER[a.kind] - KIND_ORDER[b.kind];
}

function dedupe(matches: PlaceMatch[]): PlaceMatch[] {
  const seen = new Map<unknown, PlaceMatch>();
  for (const match of matches) {
    const identity = placeOf(match);
    const existing = seen.get(identity);
    if (!existing || existing.score < match.score) seen.set(identity, match);
  }
  return [...seen.values()];
}

function placeOf(match: PlaceMatch): object {
  if (match.kind === 'city') return match.city;
  if (match.kind === 'airport') return match.airport;
  return match.country;
}

function round(score: number): number {
  return Math.round(Math.max(0, Math.min(1, score)) * 1000) / 1000;
}
