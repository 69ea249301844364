import type { CreateOfferRequest, CreateOfferRequestPassenger } from '@duffel/api/types';

import type { ValidatedFlightSearch } from '../provider.js';

/**
 * Age sent for a lap infant. Duffel takes ages, not types, for anyone under 18, and airlines treat
 * under-2s as infants without a seat; 1 is the older of the two ages that qualify.
 */
export const LAP_INFANT_AGE = 1;

/**
 * Builds the body of `POST /air/offer_requests`: one slice per direction or multi-city leg,
 * adults by type and everyone under 18 by age, as Duffel requires.
 */
export function buildOfferRequest(search: ValidatedFlightSearch): CreateOfferRequest {
  const { input } = search;
  const slices: CreateOfferRequest['slices'] = search.slices.map((slice) => ({
    origin: slice.origin.searchCode,
    destination: slice.destination.searchCode,
    departure_date: slice.departDate,
    departure_time: null,
    arrival_time: null,
  }));

  const passengers: CreateOfferRequestPassenger[] = [
    ...Array.from({ length: input.adults }, () => ({ type: 'adult' as const })),
    ...search.childrenAges.map((age) => ({ age })),
    ...Array.from({ length: search.infants }, () => ({ age: LAP_INFANT_AGE })),
  ];

  const request: CreateOfferRequest = { slices, passengers, cabin_class: search.cabin };
  if (input.maxConnections !== undefined) {
    request.max_connections = input.maxConnections as 0 | 1 | 2;
  }
  return request;
}
