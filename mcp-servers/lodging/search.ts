import currencyCodes from 'currency-codes';
import { decodeCursor, encodeCursor, PAGE_SIZE } from './cursor.js';
import { LodgingInputError } from './errors.js';
import { resolveStayLocation } from './location.js';
import { isSampleCurrency, localCurrency, sampleCurrencies } from './providers/sample-prices.js';
import type { LodgingProvider } from './providers/types.js';
import type { DetailsInput, DetailsOutput, SearchInput, SearchOutput } from './schemas.js';
import { validateStayDates } from './stay-dates.js';

/** Checks a requested currency against ISO 4217 and, for sample data, the sample rates. */
function validateCurrency(provider: LodgingProvider, currency: string | undefined): void {
  if (currency === undefined) {
    return;
  }
  if (currencyCodes.code(currency) === undefined) {
    throw new LodgingInputError('currency', `${currency} is not an ISO 4217 currency code.`);
  }
  if (provider.sample && !isSampleCurrency(currency)) {
    throw new LodgingInputError(
      'currency',
      `sample listings cannot be priced in ${currency}; use one of ${sampleCurrencies().join(', ')}.`,
    );
  }
}

/** Runs search_accommodations: validate, resolve the place, ask the provider, filter and page. */
export async function searchStays(
  provider: LodgingProvider,
  input: SearchInput,
  now: Date,
  signal?: AbortSignal,
): Promise<SearchOutput> {
  const nights = validateStayDates(input.check_in, input.check_out, now);
  validateCurrency(provider, input.currency);
  if (
    input.min_price !== undefined &&
    input.max_price !== undefined &&
    input.min_price > input.max_price
  ) {
    throw new LodgingInputError(
      'min_price',
      `${input.min_price} is above max_price ${input.max_price}; swap them or drop one.`,
    );
  }

  const location = resolveStayLocation(input.location);
  const guests = { adults: input.adults, children: input.children, infants: input.infants };
  const { offers, notes } = await provider.search({
    location,
    checkIn: input.check_in,
    checkOut: input.check_out,
    nights,
    guests,
    currency: input.currency,
    signal,
  });

  const currency = input.currency ?? offers[0]?.currency ?? localCurrency(location.country_code);
  // Price bounds are in `currency`; offers in another currency cannot be compared, so they stay.
  const matching = offers
    .filter((offer) => !input.pets || offer.pets_allowed)
    .filter(
      (offer) =>
        offer.currency !== currency ||
        input.min_price === undefined ||
        offer.nightly_price >= input.min_price,
    )
    .filter(
      (offer) =>
        offer.currency !== currency ||
        input.max_price === undefined ||
        offer.nightly_price <= input.max_price,
    )
    .sort(
      (left, right) => left.nightly_price - right.nightly_price || left.id.localeCompare(right.id),
    );

  const searchKey = JSON.stringify({
    ...input,
    cursor: undefined,
    location: location.name,
    country: location.country_code,
  });
  const offset = decodeCursor(searchKey, input.cursor);
  const page = matching.slice(offset, offset + PAGE_SIZE);
  const nextOffset = offset + PAGE_SIZE;

  if (matching.length === 0) {
    notes.push('No stay matched; try widening the price range or dropping the pets filter.');
  }
  return {
    location,
    check_in: input.check_in,
    check_out: input.check_out,
    nights,
    guests,
    pets: input.pets,
    currency,
    offers: page,
    total_results: matching.length,
    next_cursor: nextOffset < matching.length ? encodeCursor(searchKey, nextOffset) : undefined,
    sample: provider.sample,
    provider: provider.name,
    notes,
  };
}

/** Runs get_accommodation_details for an id returned by a search. */
export async function getStayDetails(
  provider: LodgingProvider,
  input: DetailsInput,
  now: Date,
  signal?: AbortSignal,
): Promise<DetailsOutput> {
  const nights = validateStayDates(input.check_in, input.check_out, now);
  validateCurrency(provider, input.currency);
  const guests = { adults: input.adults, children: input.children, infants: input.infants };

  const accommodation = await provider.details(input.id, {
    checkIn: input.check_in,
    checkOut: input.check_out,
    nights,
    guests,
    currency: input.currency,
    signal,
  });
  return {
    accommodation,
    check_in: input.check_in,
    check_out: input.check_out,
    nights,
    guests,
    sample: provider.sample,
    provider: provider.name,
  };
}
