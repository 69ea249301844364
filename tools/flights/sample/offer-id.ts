import type { CabinClass, FlightSearchInput } from '../types.js';
import type { ValidatedFlightSearch } from '../provider.js';

/**
 * What a sample offer id carries so that the offer can be rebuilt later, even by another
 * process or after a restart: the search that produced it and when it ran.
 */
export interface SampleOfferOrigin {
  /** Slices as `[origin code, destination code, YYYY-MM-DD]`, in flying order. */
  slices: Array<[string, string, string]>;
  /** True when the second slice is the way back of a return trip. */
  isReturn: boolean;
  cabin: CabinClass;
  adults: number;
  childrenAges: number[];
  infants: number;
  /** Currency the offers were priced in. */
  currency: string;
  /** When the search ran, in whole minutes since the Unix epoch. */
  searchedAtMinute: number;
}

const PAYLOAD_SEPARATOR = '.';

/** Appends the encoded search to an offer's stable hash, giving its public id. */
export function encodeSampleOfferId(hashId: string, origin: SampleOfferOrigin): string {
  const payload = Buffer.from(JSON.stringify(origin), 'utf8').toString('base64url');
  return `${hashId}${PAYLOAD_SEPARATOR}${payload}`;
}

/** Splits a sample offer id into its hash and search; undefined for ids not made here. */
export function decodeSampleOfferId(
  offerId: string,
): { hashId: string; origin: SampleOfferOrigin } | undefined {
  const separator = offerId.indexOf(PAYLOAD_SEPARATOR);
  if (!offerId.startsWith('sample_') || separator < 0) return undefined;

  try {
    const json = Buffer.from(offerId.slice(separator + 1), 'base64url').toString('utf8');
    const origin = JSON.parse(json) as SampleOfferOrigin;
    if (!Array.isArray(origin.slices) || origin.slices.length === 0) return undefined;
    return { hashId: offerId.slice(0, separator), origin };
  } catch {
    return undefined;
  }
}

/** Records a validated search in the form an offer id carries. */
export function describeSampleSearch(
  search: ValidatedFlightSearch,
  currency: string,
): SampleOfferOrigin {
  return {
    slices: search.slices.map((slice) => [
      slice.origin.searchCode,
      slice.destination.searchCode,
      slice.departDate,
    ]),
    isReturn: search.input.returnDate !== undefined,
    cabin: search.cabin,
    adults: search.input.adults,
    childrenAges: search.childrenAges,
    infants: search.infants,
    currency,
    searchedAtMinute: Math.floor(search.now.getTime() / 60_000),
  };
}

/** Turns a recorded search back into tool input, to run it again. */
export function searchInputOf(origin: SampleOfferOrigin): FlightSearchInput {
  const [first, ...rest] = origin.slices;
  return {
    origin: first[0],
    destination: first[1],
    departDate: first[2],
    ...(origin.isReturn
      ? { returnDate: rest[0]?.[2] }
      : rest.length > 0
        ? {
            onwardSlices: rest.map(([from, to, date]) => ({
              origin: from,
              destination: to,
              departDate: date,
            })),
          }
        : {}),
    adults: origin.adults,
    childrenAges: origin.childrenAges.length > 0 ? origin.childrenAges : undefined,
    infants: origin.infants > 0 ? origin.infants : undefined,
    cabin: origin.cabin,
    currency: origin.currency,
  };
}
