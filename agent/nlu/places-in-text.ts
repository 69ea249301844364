import {
  cityCodes,
  findPlacesInText,
  getCity,
  type PlaceMatch,
  type PlaceMention,
} from '../../tools/places/index.js';

/** Role of a place mention in a trip. */
export type PlaceRole = 'origin' | 'destination' | 'location' | 'unknown';

/** A place found in the message, with the role its surrounding words give it. */
export interface RoledPlace {
  mention: PlaceMention;
  role: PlaceRole;
}

const ORIGIN_BEFORE =
  /\b(from|out of|leaving|leave|departing|depart|departure city is|starting (in|at)|start (in|at)|originating (in|at)|based in|live in|i'?m in|i am in|flying out of|fly out of)\s*(from\s*)?$/;
const DESTINATION_BEFORE =
  /\b(to|into|for|towards?|visit|visiting|reach|arrive (in|at)|arriving (in|at)|land (in|at)|destination is|heading to|trip to|flight to|flights to|go to|going to|travel to|traveling to|travelling to)\s*$/;
const LOCATION_BEFORE = /\b(in|at|near|around|close to|nearby|downtown)\s*$/;

/** Words after a place name that make it part of a company name ("American Airlines"). */
const COMPANY_AFTER = /^\s*(airlines?|airways|air lines|express|hotels?|inn|suites)\b/i;

/** Finds places and reads their roles from the words before and after them. */
export function findRoledPlaces(text: string): RoledPlace[] {
  const mentions = dropQualifiers(text, findPlacesInText(text)).filter(
    (mention) => !COMPANY_AFTER.test(text.slice(mention.end, mention.end + 12)),
  );
  const lower = text.toLowerCase();
  const roled = mentions.map((mention, index): RoledPlace => {
    const before = lower.slice(Math.max(0, mention.start - 30), mention.start);
    const after = lower.slice(mention.end, mention.end + 8);
    const nextPlace = mentions[index + 1];
    if (ORIGIN_BEFORE.test(before)) return { mention, role: 'origin' };
    if (nextPlace && /^\s*(to|-|–|→|for)\s*$/.test(lower.slice(mention.end, nextPlace.start))) {
      return { mention, role: 'origin' };
    }
    if (DESTINATION_BEFORE.test(before)) return { mention, role: 'destination' };
    if (LOCATION_BEFORE.test(before)) return { mention, role: 'location' };
    if (/^\s*(to|-|–|→)\s/.test(after) && nextPlace) return { mention, role: 'origin' };
    return { mention, role: 'unknown' };
  });
  return roled;
}

/** Returns the slot value for a place: a city name, an airport code (flights), or a country name. */
export function placeValue(match: PlaceMatch, preferCity: boolean): string {
  if (match.kind === 'city') {
    // A flight gets the metro code for a city whose name needs a qualifier ("Washington, D.C."),
    // because the bare name is also a state and the code is what the airline search takes.
    if (!preferCity && match.city.name.includes(',') && match.city.cityCode) {
      return match.city.cityCode;
    }
    return match.city.name;
  }
  if (match.kind === 'country') return match.country.name;
  if (preferCity) return match.city?.name ?? match.airport.city;
  return match.airport.iata;
}

/** Returns the IATA codes a flight search can use for a place, if it has any. */
export function placeCodes(match: PlaceMatch): string[] | undefined {
  if (match.kind === 'country') {
    // A city-state ("Singapore") is also a city with its own airport.
    const city = getCity(match.country.name, match.country.code);
    const codes = city ? cityCodes(city) : [];
    return codes.length > 0 ? codes : undefined;
  }
  return match.codes.length > 0 ? match.codes : undefined;
}

/**
 * Drops the state or country written after a city ("Seattle, WA", "Paris, France"), which
 * narrows the city and is not a second place.
 */
function dropQualifiers(text: string, mentions: PlaceMention[]): PlaceMention[] {
  const kept: PlaceMention[] = [];
  for (const mention of mentions) {
    const previous = kept.at(-1);
    const gap = previous ? text.slice(previous.end, mention.start) : '';
    if (previous && previous.match.kind !== 'country' && /^,?\s*$/.test(gap)) {
      const sameCountry =
        mention.match.kind === 'country' &&
        mention.match.country.code === countryOf(previous.match);
      const stateCode = /^[A-Z]{2,3}$/.test(mention.text);
      if (sameCountry || stateCode) continue;
    }
    kept.push(mention);
  }
  return kept;
}

function countryOf(match: PlaceMatch): string | undefined {
  if (match.kind === 'city') return match.city.countryCode;
  if (match.kind === 'airport') return match.airport.countryCode;
  return match.country.code;
}
