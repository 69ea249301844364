import { getAirport, resolvePlaceCandidates } from '../places/index.js';
import type { Airport, PlaceMatch } from '../places/index.js';
import { ToolError } from '../types.js';
import type { ResolvedPlaceSummary } from './types.js';

/** A place ready to search from or to: its airports and the code a provider should query. */
export interface ResolvedPlace extends ResolvedPlaceSummary {
  /** Airports with scheduled service, biggest first; never empty. */
  airports: Airport[];
  /** One IATA code for providers that take a single code per slice: a city code when one exists. */
  searchCode: string;
  countryCode: string;
  timeZone: string;
}

/** How many readings to compare when deciding whether a name is ambiguous. */
const CANDIDATE_LIMIT = 5;

/** The places module scores a lesser namesake 0.05 below the best-known place of that name. */
const NAMESAKE_SCORE_MARGIN = 0.06;

/**
 * A namesake this small next to the best match is not worth a question: London, Ontario is 4%
 * of London, England, while Portland, Maine is 8% of Portland, Oregon.
 * NOTE: the share was chosen from these and a few other pairs, not measured on user queries.
 */
const MIN_NAMESAKE_POPULATION_SHARE = 0.05;

type PlaceReading = Exclude<PlaceMatch, { kind: 'country' }>;

function airportCodesOf(match: PlaceReading): string[] {
  return match.kind === 'city' ? match.city.airports : [match.airport.iata];
}

function populationOf(match: PlaceReading): number | undefined {
  return match.kind === 'city' ? match.city.population : match.city?.population;
}

/** Tells whether a lower-ranked reading is a real alternative the user may have meant. */
function isRival(best: PlaceReading, candidate: PlaceMatch): candidate is PlaceReading {
  // An airport named after a city ("Manchester-Boston") does not compete with the city itself.
  if (candidate.kind !== best.kind) return false;
  if (candidate.score < best.score - NAMESAKE_SCORE_MARGIN) return false;

  const candidateAirports = airportCodesOf(candidate);
  if (candidateAirports.length === 0) return false;
  if (candidateAirports.some((code) => airportCodesOf(best).includes(code))) return false;

  const bestPopulation = populationOf(best);
  const candidatePopulation = populationOf(candidate);
  if (bestPopulation && candidatePopulation !== undefined) {
    return candidatePopulation >= bestPopulation * MIN_NAMESAKE_POPULATION_SHARE;
  }
  return true;
}

/**
 * Resolves the text a user wrote for an origin or destination to airports. Among namesakes, the
 * best-known one wins when it is the only one in `preferredCountry`, the country of the other
 * end of the trip. Throws ToolError `invalid_input` when nothing matches and `ambiguous` when
 * several places still do.
 */
export function resolveSearchPlace(
  field: 'origin' | 'destination',
  text: string,
  preferredCountry?: string,
): ResolvedPlace {
  const candidates = resolvePlaceCandidates(text, CANDIDATE_LIMIT);
  const best = candidates[0];
  if (!best) {
    throw new ToolError(
      'invalid_input',
      `${field}: no city or airport matches "${text}". Give a city name or a 3-letter IATA airport code.`,
      { field },
    );
  }

  if (best.kind === 'country') {
    throw new ToolError(
      'ambiguous',
      `${field}: ${best.country.name} is a country. Which city or airport in ${best.country.name}?`,
      { field, country: best.country.code },
    );
  }

  const rivals = candidates.slice(1).filter((candidate) => isRival(best, candidate));
  if (rivals.length > 0) {
    const readings = [best, ...rivals];
    // Only the best-known reading is picked this way: "Manchester" to New York could still mean
    // either, because Manchester, England has flights to New York too.
    const domestic = readings.filter((reading) => countryOf(reading) === preferredCountry);
    if (domestic.length === 1 && domestic[0] === best) return toResolvedPlace(text, best);

    const sameCountry = readings.every((reading) => countryOf(reading) === countryOf(best));
    const options = readings.map((reading) => describeReading(reading, sameCountry));
    throw new ToolError(
      'ambiguous',
      `${text.trim()} could be ${joinAlternatives(options)}: which one?`,
      {
        field,
        codes: readings.map((reading) => reading.codes[0]),
      },
    );
  }

  return toResolvedPlace(text, best);
}

function toResolvedPlace(query: string, match: PlaceReading): ResolvedPlace {
  if (match.kind === 'airport') {
    return {
      query,
      codes: match.codes,
      name: `${match.airport.name} (${match.airport.iata})`,
      airports: [match.airport],
      searchCode: match.airport.iata,
      countryCode: match.airport.countryCode,
      timeZone: match.airport.timeZone,
    };
  }

  const airports = match.city.airports
    .map((iata) => getAirport(iata))
    .filter((airport): airport is Airport => airport !== undefined);
  if (airports.length === 0) {
    throw new ToolError(
      'invalid_input',
      `${match.city.name} has no airport with scheduled flights. Name the nearest airport instead.`,
      { city: match.city.name },
    );
  }

  return {
    query,
    codes: match.codes,
    name: match.city.name,
    airports,
    searchCode: match.city.cityCode ?? airports[0].iata,
    countryCode: match.city.countryCode,
    timeZone: match.city.timeZone,
  };
}

function countryOf(reading: PlaceReading): string {
  return reading.kind === 'city' ? reading.city.countryCode : reading.airport.countryCode;
}

/**
 * Names one reading for the question back to the user. Namesakes in one country are named by
 * their main airport, because the places data has no states or provinces.
 */
function describeReading(reading: PlaceReading, sameCountry: boolean): string {
  const code = reading.codes[0];
  if (reading.kind === 'airport') return `${code} (${reading.airport.name})`;
  if (!sameCountry) return `${code} (${reading.city.name}, ${reading.city.countryName})`;

  const mainAirport = getAirport(reading.city.airports[0]);
  return `${code} (${mainAirport?.name ?? reading.city.name})`;
}

function joinAlternatives(options: string[]): string {
  if (options.length <= 2) return options.join(' or ');
  return `${options.slice(0, -1).join(', ')} or ${options[options.length - 1]}`;
}
