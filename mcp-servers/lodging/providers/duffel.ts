import type {
  StaysAccommodation,
  StaysSearchParams,
  StaysSearchResult,
} from '@duffel/api/Stays/StaysTypes';
import type { Logger } from '../../../agent/logger.js';
import { LodgingInputError, LodgingProviderError } from '../errors.js';
import type { DetailsOutput, Guests, Offer, Room } from '../schemas.js';
import { createDuffelStaysApi, DuffelApiError, type DuffelErrorItem } from './duffel-http.js';
import type { DetailsQuery, LodgingProvider, ProviderSearchResult, StayQuery } from './types.js';

/** Search radius around the resolved location, in kilometres. */
const SEARCH_RADIUS_KM = 5;

/**
 * Age sent to Duffel for each child, because the tool takes a count of children and Duffel
 * requires an age per child. Infants are sent as children aged 1, since Duffel has no infant type.
 */
// NOTE: a guessed age can change the price where a property charges by age. Add child ages to
// the tool arguments when a caller needs exact child pricing.
const ASSUMED_CHILD_AGE = 8;

export interface DuffelProviderOptions {
  accessToken: string;
  baseUrl?: string;
  logger: Logger;
}

/** Duffel Stays: search by coordinates, details by searching one accommodation with all rates. */
export function createDuffelProvider(options: DuffelProviderOptions): LodgingProvider {
  const duffel = createDuffelStaysApi({
    accessToken: options.accessToken,
    baseUrl: options.baseUrl,
  });
  const logger = options.logger;

  return {
    name: 'duffel',
    sample: false,

    async search(query: StayQuery): Promise<ProviderSearchResult> {
      const params: StaysSearchParams = {
        location: {
          radius: SEARCH_RADIUS_KM,
          geographic_coordinates: {
            latitude: query.location.latitude,
            longitude: query.location.longitude,
          },
        },
        ...commonParams(query),
      };
      const results = await callDuffel(logger, 'stays.search', query.signal, () =>
        duffel.search(params, query.signal),
      );
      const offers = results.map((result) => toOffer(result, query.nights, query.location));
      const notes = [
        `Prices are the cheapest rate Duffel returned per stay, in its currency; fetch details before quoting.`,
      ];
      if (query.currency && offers.some((offer) => offer.currency !== query.currency)) {
        notes.push(
          `Some prices are not in ${query.currency}; Duffel chooses the currency and they are not converted.`,
        );
      }
      if (query.guests.children + query.guests.infants > 0) {
        notes.push(`Children were searched as age ${ASSUMED_CHILD_AGE} and infants as age 1.`);
      }
      return { offers, notes };
    },

    async details(id: string, query: DetailsQuery): Promise<DetailsOutput['accommodation']> {
      if (!/^acc_\w+$/.test(id)) {
        throw new LodgingInputError(
          'id',
          `"${id}" is not a Duffel accommodation id (acc_...); run search_accommodations first.`,
        );
      }

      const params: StaysSearchParams = {
        accommodation: { ids: [id], fetch_rates: true },
        ...commonParams(query),
      };
      const results = await callDuffel(logger, 'stays.search', query.signal, () =>
        duffel.search(params, query.signal),
      );
      const first = results[0];
      if (!first) {
        throw new LodgingInputError(
          'id',
          `${id} has no availability for ${query.checkIn} to ${query.checkOut}.`,
        );
      }

      const full =
        first.accommodation.rooms.length > 0
          ? first
          : await callDuffel(logger, 'stays.searchResults.fetchAllRates', query.signal, () =>
              duffel.fetchAllRates(first.id, query.signal),
            );
      const accommodation = full.accommodation;
      return {
        ...toOffer(full, query.nights),
        description: accommodation.description ?? undefined,
        check_in_after: accommodation.check_in_information?.check_in_after_time ?? undefined,
        check_out_before: accommodation.check_in_information?.check_out_before_time ?? undefined,
        rooms: toRooms(accommodation),
      };
    },
  };
}

function commonParams(query: DetailsQuery) {
  return {
    check_in_date: query.checkIn,
    check_out_date: query.checkOut,
    rooms: 1,
    guests: toDuffelGuests(query.guests),
  };
}

function toDuffelGuests(guests: Guests): StaysSearchParams['guests'] {
  return [
    ...Array.from({ length: guests.adults }, () => ({ type: 'adult' as const })),
    ...Array.from({ length: guests.children }, () => ({
      type: 'child' as const,
      age: ASSUMED_CHILD_AGE,
    })),
    ...Array.from({ length: guests.infants }, () => ({ type: 'child' as const, age: 1 })),
  ];
}

function toOffer(
  result: StaysSearchResult,
  nights: number,
  centre?: { latitude: number; longitude: number },
): Offer {
  const accommodation = result.accommodation;
  const total = Number(result.cheapest_rate_total_amount);
  const coordinates = accommodation.location.geographic_coordinates ?? undefined;
  const amenities = (accommodation.amenities ?? []).map((amenity) => amenity.type);
  const address = accommodation.location.address;
  return {
    id: accommodation.id,
    name: accommodation.name,
    nightly_price: Math.round((total / nights) * 100) / 100,
    total_price: total,
    currency: result.cheapest_rate_currency,
    pets_allowed: amenities.includes('pets_allowed'),
    rating: accommodation.rating ?? undefined,
    review_score: accommodation.review_score ?? undefined,
    neighbourhood: address.region ?? undefined,
    address: [address.line_one, address.city_name, address.postal_code].filter(Boolean).join(', '),
    latitude: coordinates?.latitude,
    longitude: coordinates?.longitude,
    distance_km: coordinates && centre ? roundedDistanceKm(centre, coordinates) : undefined,
    amenities,
    sample: false,
    provider: 'duffel',
  };
}

function toRooms(accommodation: StaysAccommodation): Room[] {
  return accommodation.rooms.map((room) => ({
    name: room.name,
    beds: (room.beds ?? []).map((bed) => `${bed.type} x${bed.count}`),
    rates: room.rates.map((rate) => ({
      id: rate.id,
      total_price: Number(rate.total_amount),
      currency: rate.total_currency,
      board_type: rate.board_type,
      refundable: rate.cancellation_timeline.some((entry) => Number(entry.refund_amount) > 0),
      conditions: (rate.conditions ?? []).map(
        (condition) => `${condition.title}: ${condition.description}`,
      ),
    })),
  }));
}

function roundedDistanceKm(
  from: { latitude: number; longitude: number },
  to: { latitude: number; longitude: number },
): number {
  const toRadians = (degrees: number) => (degrees * Math.PI) / 180;
  const dLat = toRadians(to.latitude - from.latitude);
  const dLon = toRadians(to.longitude - from.longitude);
  const a =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(toRadians(from.latitude)) * Math.cos(toRadians(to.latitude)) * Math.sin(dLon / 2) ** 2;
  return Math.round(6371 * 2 * Math.asin(Math.sqrt(a)) * 10) / 10;
}

/**
 * Runs one Duffel call and turns its errors into messages the model can act on. An aborted call
 * rethrows the signal's reason, so the server can tell a cancellation from a time limit.
 */
async function callDuffel<T>(
  logger: Logger,
  operation: string,
  signal: AbortSignal | undefined,
  call: () => Promise<T>,
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (signal?.aborted) {
      logger.info({ operation, reason: String(signal.reason) }, 'Duffel request aborted');
      throw signal.reason;
    }
    if (!(error instanceof DuffelApiError)) {
      logger.error({ err: error, operation }, 'Duffel request failed');
      throw new LodgingProviderError(
        `Duffel Stays could not be reached (${(error as Error).message}); try again later.`,
      );
    }

    logger.warn(
      {
        operation,
        status: error.status,
        code: error.errors[0]?.code,
        requestId: error.requestId,
        retryAfterSeconds: error.retryAfterSeconds,
      },
      'Duffel returned an error',
    );
    throw translateDuffelError(error);
  }
}

/** Maps a Duffel error status to an input error (422) or a provider error with the next step. */
function translateDuffelError(error: DuffelApiError): Error {
  const { status, errors } = error;
  if (status === 422 || status === 400) {
    const fields = errors.map(errorField).filter((field) => field !== undefined);
    const details = errors.map(describeErrorItem).join('; ') || error.message;
    return new LodgingInputError(
      fields[0] ?? 'arguments',
      `Duffel rejected the request: ${details}`,
    );
  }
  if (status === 401) {
    return new LodgingProviderError(
      'Duffel rejected the access token; the server operator must check DUFFEL_ACCESS_TOKEN.',
      status,
    );
  }
  if (status === 403) {
    return new LodgingProviderError(
      'This Duffel account has no access to Stays (HTTP 403); the server operator must ask Duffel to enable Stays, or unset DUFFEL_ACCESS_TOKEN to use sample listings.',
      status,
    );
  }
  if (status === 429) {
    const wait =
      error.retryAfterSeconds !== undefined
        ? `retry after ${error.retryAfterSeconds} s`
        : 'wait a minute and try again';
    return new LodgingProviderError(`Duffel Stays rate limit reached; ${wait}.`, status, {
      retryAfterSeconds: error.retryAfterSeconds,
    });
  }
  if (status >= 500) {
    // Duffel's error page: 500 and 502 are its own faults, 503 and 504 are temporary.
    const advice = status === 503 || status === 504 ? 'try again shortly' : 'try again later';
    return new LodgingProviderError(
      `Duffel Stays failed with HTTP ${status} (${error.message}); ${advice}.`,
      status,
    );
  }
  return new LodgingProviderError(
    `Duffel Stays failed with HTTP ${status}: ${error.message}`,
    status,
  );
}

function errorField(item: DuffelErrorItem): string | undefined {
  return typeof item.source === 'object' ? item.source.field : undefined;
}

function describeErrorItem(item: DuffelErrorItem): string {
  const field = errorField(item);
  const text = item.message ?? item.title ?? item.code ?? 'invalid value';
  return field ? `${field}: ${text}` : text;
}
