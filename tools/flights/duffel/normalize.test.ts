import { describe, expect, it } from 'vitest';

import { normalizeDuffelOffers, parseIsoDurationMinutes } from './normalize.js';

describe('parseIsoDurationMinutes', () => {
  it.each([
    ['PT2H50M', 170],
    ['PT02H05M', 125],
    ['PT45M', 45],
    ['P1DT2H', 1560],
    ['PT1H30M30S', 91],
  ])('reads %s', (duration, minutes) => {
    expect(parseIsoDurationMinutes(duration)).toBe(minutes);
  });

  it.each(['', 'P', 'PT', '2H50M', 'PT2X'])('rejects invalid %j', (duration) => {
    expect(parseIsoDurationMinutes(duration)).toBeUndefined();
  });
});

describe('normalizeDuffelOffers', () => {
  const segment = {
    origin: { iata_code: 'MAN', time_zone: 'Europe/London' },
    destination: { iata_code: 'LIS', time_zone: 'Europe/Lisbon' },
    departing_at: '2027-03-14T06:55',
    arriving_at: '2027-03-14T09:45:00',
    duration: null,
    marketing_carrier: { iata_code: 'ZZ', name: 'Duffel Airways' },
    marketing_carrier_flight_number: '1204',
    passengers: null,
  };

  it('computes a missing duration from local times', () => {
    const { offers } = normalizeDuffelOffers(
      [
        {
          id: 'off_1',
          total_amount: '412.80',
          total_currency: 'EUR',
          slices: [
            { origin: segment.origin, destination: segment.destination, segments: [segment] },
          ],
        },
      ],
      'economy',
    );
    expect(offers[0].slices[0].segments[0].departLocal).toBe('2027-03-14T06:55:00');
    expect(offers[0].slices[0].segments[0].durationMinutes).toBe(170);
    expect(offers[0].slices[0].durationMinutes).toBe(170);
    expect(offers[0].cabin).toBe('economy');
    expect(offers[0].baggage).toBeUndefined();
  });

  it('skips an offer with a bad amount', () => {
    const result = normalizeDuffelOffers(
      [{ id: 'off_2', total_amount: 'n/a', total_currency: 'EUR', slices: [] }, 'not an offer'],
      'economy',
    );
    expect(result.offers).toHaveLength(0);
    expect(result.skipped).toBe(2);
    expect(result.firstProblem).toBeDefined();
  });

  it('reads an offer with an infant without seat', () => {
    const passengers = [
      { id: 'pas_1', type: 'adult', age: null },
      { id: 'pas_2', type: 'child', age: 5 },
      { id: 'pas_3', type: 'infant_without_seat', age: 1 },
    ];
    const withSeats = {
      ...segment,
      passengers: passengers.map((passenger) => ({
        passenger_id: passenger.id,
        cabin_class: 'economy',
        baggages:
          passenger.type === 'infant_without_seat' ? [] : [{ type: 'checked', quantity: 1 }],
      })),
    };
    const { offers, skipped } = normalizeDuffelOffers(
      [
        {
          id: 'off_3',
          total_amount: '905.40',
          total_currency: 'EUR',
          passengers,
          slices: [
            { origin: segment.origin, destination: segment.destination, segments: [withSeats] },
          ],
        },
      ],
      'economy',
    );
    expect(skipped).toBe(0);
    expect(offers[0].totalAmount).toBe(905.4);
    expect(offers[0].baggage).toBe('no carry-on, 1 checked bag');
  });
});
