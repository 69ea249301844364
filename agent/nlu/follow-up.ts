import { addDays, fromIso, toIso } from './calendar.js';
import type { Intent, Slots } from './types.js';

/** Words that mark a turn as changing the previous request rather than starting a new one. */
const FOLLOW_UP_MARKERS =
  /^(and|also|what about|how about|make it|instead|actually|change|same|but|ok(ay)?,? (and|now)|now|then|what if|can you (also|make)|try)\b|\b(instead|there|that trip|same dates|those dates|the week after|the week before|a week later|a week earlier)\b/;

/** Returns true when the text reads as a change to the previous turn. */
export function looksLikeFollowUp(lower: string): boolean {
  return FOLLOW_UP_MARKERS.test(lower.trim());
}

/** Returns the day shift a turn requests ("the week after" is +7), or 0. */
export function dateShift(lower: string): number {
  if (/\b(the )?(week after|following week|a week later|next week instead)\b/.test(lower)) return 7;
  if (/\b(the )?(week before|previous week|a week earlier)\b/.test(lower)) return -7;
  if (/\b(the )?(day after|a day later)\b/.test(lower)) return 1;
  if (/\b(the )?(day before|a day earlier)\b/.test(lower)) return -1;
  return 0;
}

const DATE_SLOTS = ['depart_date', 'return_date', 'check_in', 'check_out'] as const;

/** Moves every date slot by `days`. */
export function shiftDates(slots: Slots, days: number): Slots {
  const shifted: Slots = { ...slots };
  for (const key of DATE_SLOTS) {
    const value = shifted[key];
    if (value) shifted[key] = toIso(addDays(fromIso(value), days));
  }
  return shifted;
}

/** Carries the previous turn's slots into the new intent, mapping between flights and stays. */
export function carryOver(previousIntent: Intent, previous: Slots, intent: Intent): Slots {
  const carried: Slots = {};
  const isTrip = (value: Intent) => value === 'flight_search' || value === 'trip_planning';
  const copy = <K extends keyof Slots>(from: K, to: K | keyof Slots) => {
    if (previous[from] !== undefined) (carried as Record<string, unknown>)[to] = previous[from];
  };

  if (intent === 'lodging_search') {
    if (isTrip(previousIntent)) {
      copy('destination', 'location');
      copy('depart_date', 'check_in');
      copy('return_date', 'check_out');
    } else if (previousIntent === 'destination_info') {
      copy('place', 'location');
    }
    for (const key of [
      'location',
      'check_in',
      'check_out',
      'adults',
      'children',
      'children_ages',
      'pets',
    ] as const) {
      if (carried[key] === undefined) copy(key, key);
    }
  } else if (isTrip(intent)) {
    if (previousIntent === 'lodging_search') {
      copy('location', 'destination');
      copy('check_in', 'depart_date');
      copy('check_out', 'return_date');
    } else if (previousIntent === 'destination_info') {
      copy('place', 'destination');
    }
    const keys = [
      'origin',
      'origin_codes',
      'destination',
      'destination_codes',
      'depart_date',
      'return_date',
      'adults',
      'children',
      'children_ages',
      'infants',
      'cabin',
      'direct_only',
      'pets',
    ] as const;
    for (const key of keys) if (carried[key] === undefined) copy(key, key);
  } else if (intent === 'destination_info') {
    if (previous.place) carried.place = previous.place;
    else if (previous.destination) carried.place = previous.destination;
    else if (previous.location) carried.place = previous.location;
  }
  for (const key of ['max_price', 'currency'] as const) {
    if (intent === previousIntent) copy(key, key);
  }
  return carried;
}

/**
 * Drops carried children's ages when the new turn gives another number of children without
 * ages, because the ages then no longer match the party. `own` contains the new turn's slots
 * only.
 */
export function dropStaleChildrenAges(slots: Slots, own: Slots): Slots {
  if (own.children_ages !== undefined || own.children === undefined) return slots;
  if (slots.children_ages?.length === own.children) return slots;

  const { children_ages: _dropped, ...rest } = slots;
  return rest;
}
