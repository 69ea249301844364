import currencyCodes from 'currency-codes';

import { ToolError } from '../types.js';
import { daysBetween, localDate } from './local-time.js';
import { resolveSearchPlace, type ResolvedPlace } from './places-lookup.js';
import type { ValidatedFlightSearch, ValidatedSlice } from './provider.js';
import type { FlightSearchInput } from './types.js';
import { MAX_ONWARD_SLICES, MAX_PASSENGERS, flightSearchInputSchema } from './schema.js';

/**
 * Airlines typically open sales about 330 to 360 days before departure, so later dates find nothing.
 * NOTE: a fixed cap; a carrier that opens sales later still returns no offers before this.
 */
const MAX_DAYS_AHEAD = 361;

/** Hint on fixing a schema error, by input field. */
const FIELD_HINTS: Readonly<Record<string, string>> = {
  origin: 'Give a city name or a 3-letter IATA airport code.',
  destination: 'Give a city name or a 3-letter IATA airport code.',
  departDate: 'Use the form YYYY-MM-DD, such as 2027-03-14.',
  returnDate: 'Use the form YYYY-MM-DD, or leave it out for a one-way trip.',
  onwardSlices: `Give 1 to ${MAX_ONWARD_SLICES} further legs, each with origin, destination and departDate.`,
  adults: `Count 1 to ${MAX_PASSENGERS} travellers aged 18 or over.`,
  childrenAges: 'List each child aged 2 to 17; children under 2 travel as lap infants (infants).',
  infants: 'Count lap infants under 2, at most one per adult.',
  cabin: 'Use economy, premium_economy, business or first.',
  maxConnections: 'Use 0 for direct flights only, 1 or 2.',
  maxPrice: 'Give the total budget as a positive number.',
  currency: 'Use a 3-letter ISO 4217 code such as EUR or USD.',
};

function invalid(field: string, message: string): ToolError {
  return new ToolError('invalid_input', `${field}: ${message}`, { field });
}

/**
 * Resolves both ends of the trip, letting a resolved end settle a namesake at the other:
 * "Manchester" from London is Manchester, England without a question back.
 */
function resolveEnds(originText: string, destinationText: string) {
  let origin: ResolvedPlace | undefined;
  let originAmbiguity: ToolError | undefined;
  try {
    origin = resolveSearchPlace('origin', originText);
  } catch (error) {
    if (!(error instanceof ToolError) || error.code !== 'ambiguous') throw error;
    originAmbiguity = error;
  }

  const destination = resolveSearchPlace('destination', destinationText, origin?.countryCode);
  if (originAmbiguity) {
    origin = resolveSearchPlace('origin', originText, destination.countryCode);
  }
  return { origin: origin!, destination };
}

/**
 * Checks a search request and resolves its places before any provider is called.
 * Throws ToolError `invalid_input` (naming the field) or `ambiguous` for a place with several readings.
 */
export function validateFlightSearch(raw: unknown, now: Date): ValidatedFlightSearch {
  const parsed = flightSearchInputSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.path.join('.') || 'input';
    const hint = FIELD_HINTS[String(issue.path[0])] ?? '';
    throw invalid(field, `${issue.message}. ${hint}`.trim());
  }
  const input = parsed.data;
  const childrenAges = input.childrenAges ?? [];
  const infants = input.infants ?? 0;

  const travellers = input.adults + childrenAges.length + infants;
  if (travellers > MAX_PASSENGERS) {
    throw invalid(
      'adults',
      `${travellers} travellers (adults, children and lap infants) are more than the ${MAX_PASSENGERS} one booking allows. Split the group into two searches.`,
    );
  }
  if (infants > input.adults) {
    throw invalid(
      'infants',
      `${infants} lap infants need at least ${infants} adults, because each adult holds one infant. Add adults or search fewer infants.`,
    );
  }

  const currency = input.currency?.toUpperCase();
  if (currency && !currencyCodes.code(currency)) {
    throw invalid(
      'currency',
      `${currency} is not an ISO 4217 currency code; use one such as EUR or USD.`,
    );
  }

  if (input.returnDate && input.onwardSlices) {
    throw invalid(
      'returnDate',
      'a multi-city search (onwardSlices) cannot also have a return date. Add the way back as the last leg instead.',
    );
  }
  if (input.returnDate && input.returnDate < input.departDate) {
    throw invalid(
      'returnDate',
      `the return date ${input.returnDate} is before the departure date ${input.departDate}. Give a return on or after the departure.`,
    );
  }

  const { origin, destination } = resolveEnds(input.origin, input.destination);
  rejectSamePlace('destination', origin, destination);
  const slices = buildSlices(input, origin, destination);

  // Dates are local to the departure airport, so "today" is the origin's calendar day.
  const today = localDate(now, origin.timeZone);
  if (input.departDate < today) {
    throw invalid(
      'departDate',
      `${input.departDate} is in the past (today is ${today} in ${origin.name}). Give a date from today on.`,
    );
  }
  for (const [index, slice] of slices.entries()) {
    if (daysBetween(today, slice.departDate) > MAX_DAYS_AHEAD) {
      throw invalid(
        sliceDateField(input, index),
        `${slice.departDate} is more than ${MAX_DAYS_AHEAD} days ahead, and airlines do not sell flights that far out yet. Pick an earlier date.`,
      );
    }
  }

  return {
    input: { ...input, currency },
    origin,
    destination,
    slices,
    cabin: input.cabin ?? 'economy',
    childrenAges,
    infants,
    currency,
    now,
  };
}

function rejectSamePlace(field: string, origin: ResolvedPlace, destination: ResolvedPlace): void {
  // A city and one of its airports ("London" and "LHR") share airports but not codes.
  const destinationAirports = new Set(destination.airports.map((airport) => airport.iata));
  if (
    origin.searchCode === destination.searchCode ||
    origin.codes.some((code) => destination.codes.includes(code)) ||
    origin.airports.some((airport) => destinationAirports.has(airport.iata))
  ) {
    throw invalid(
      field,
      `origin and destination are both ${origin.name}. Name two different places.`,
    );
  }
}

/**
 * Lists the slices in flying order: the first leg, then the return or the onward legs of a
 * multi-city trip, whose dates may not go back in time.
 */
function buildSlices(
  input: FlightSearchInput,
  origin: ResolvedPlace,
  destination: ResolvedPlace,
): ValidatedSlice[] {
  const slices: ValidatedSlice[] = [{ origin, destination, departDate: input.departDate }];
  if (input.returnDate) {
    slices.push({ origin: destination, destination: origin, departDate: input.returnDate });
  }

  for (const [index, leg] of (input.onwardSlices ?? []).entries()) {
    const field = `onwardSlices.${index}`;
    const previous = slices[slices.length - 1];
    const legOrigin = resolveSearchPlace('origin', leg.origin, previous.destination.countryCode);
    const legDestination = resolveSearchPlace(
      'destination',
      leg.destination,
      legOrigin.countryCode,
    );
    rejectSamePlace(`${field}.destination`, legOrigin, legDestination);
    if (leg.departDate < previous.departDate) {
      throw invalid(
        `${field}.departDate`,
        `leg ${index + 2} on ${leg.departDate} is before leg ${index + 1} on ${previous.departDate}. List the legs in flying order.`,
      );
    }
    slices.push({ origin: legOrigin, destination: legDestination, departDate: leg.departDate });
  }
  return slices;
}

/** The input field that contains the date of slice `index`. */
function sliceDateField(input: FlightSearchInput, index: number): string {
  if (index === 0) return 'departDate';
  return input.returnDate ? 'returnDate' : `onwardSlices.${index - 1}.departDate`;
}
