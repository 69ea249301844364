import { LodgingInputError } from './errors.js';

/** Limits from the Duffel Stays v2 search reference, applied to every provider alike. */
export const MAX_DAYS_AHEAD = 330;
export const MAX_NIGHTS = 99;

const DAY_MS = 24 * 60 * 60 * 1000;

/** Parses a YYYY-MM-DD string as a UTC day; throws LodgingInputError naming the field. */
function parseDay(field: string, value: string): number {
  const time = Date.parse(`${value}T00:00:00Z`);
  const roundTrip = Number.isNaN(time) ? '' : new Date(time).toISOString().slice(0, 10);
  if (roundTrip !== value) {
    throw new LodgingInputError(field, `${value} is not a real calendar date; use YYYY-MM-DD.`);
  }
  return time;
}

/**
 * Checks a stay's dates and returns its number of nights. "Today" is the UTC date of `now`, so a
 * guest many hours west of UTC may see today's date rejected late in their evening.
 */
export function validateStayDates(checkIn: string, checkOut: string, now: Date): number {
  const checkInDay = parseDay('check_in', checkIn);
  const checkOutDay = parseDay('check_out', checkOut);
  const today = Date.parse(`${now.toISOString().slice(0, 10)}T00:00:00Z`);
  const todayText = now.toISOString().slice(0, 10);

  if (checkInDay < today) {
    throw new LodgingInputError('check_in', `${checkIn} is in the past; today is ${todayText}.`);
  }
  if ((checkInDay - today) / DAY_MS > MAX_DAYS_AHEAD) {
    throw new LodgingInputError(
      'check_in',
      `${checkIn} is more than ${MAX_DAYS_AHEAD} days ahead; stays cannot be searched that early.`,
    );
  }
  if (checkOutDay <= checkInDay) {
    throw new LodgingInputError(
      'check_out',
      `${checkOut} must be after check_in ${checkIn}; a stay needs at least one night.`,
    );
  }

  const nights = Math.round((checkOutDay - checkInDay) / DAY_MS);
  if (nights > MAX_NIGHTS) {
    throw new LodgingInputError(
      'check_out',
      `the stay is ${nights} nights; the maximum is ${MAX_NIGHTS}, so split it into shorter stays.`,
    );
  }
  return nights;
}
