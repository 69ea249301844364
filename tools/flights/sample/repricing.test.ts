import { describe, expect, it } from 'vitest';

import { silentLogger } from '../../../agent/logger.js';
import { ToolError } from '../../types.js';
import { createFlightSearch } from '../index.js';
import type { FlightSearchInput } from '../types.js';
import { repriceSampleAmount } from './repricing.js';

const searchedAt = new Date('2027-01-04T09:00:00Z');
const hoursLater = (hours: number) => new Date(searchedAt.getTime() + hours * 3_600_000);
const family: FlightSearchInput = {
  origin: 'Berlin',
  destination: 'Lisbon',
  departDate: '2027-03-14',
  returnDate: '2027-03-21',
  adults: 2,
  childrenAges: [15, 5],
  infants: 1,
};

async function rejection(promise: Promise<unknown>): Promise<ToolError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ToolError);
  return error as ToolError;
}

describe('repriceSampleAmount', () => {
  it('keeps the price within the search hour', () => {
    expect(repriceSampleAmount('sample_1', 374.2, searchedAt, hoursLater(0.9))).toBe(374.2);
  });

  it('drifts by a bounded share later', () => {
    for (let hours = 1; hours <= 48; hours++) {
      const amount = repriceSampleAmount('sample_1', 374.2, searchedAt, hoursLater(hours));
      expect(amount).toBeGreaterThanOrEqual(374.2 * 0.97 - 0.01);
      expect(amount).toBeLessThanOrEqual(374.2 * 1.05 + 0.01);
    }
  });

  it('repeats for the same offer and hour', () => {
    const first = repriceSampleAmount('sample_1', 374.2, searchedAt, hoursLater(3));
    const again = repriceSampleAmount('sample_1', 374.2, searchedAt, hoursLater(3.5));
    expect(again).toBe(first);
  });

  it('keeps whole-unit currencies whole', () => {
    const amount = repriceSampleAmount('sample_1', 41_000, searchedAt, hoursLater(5));
    expect(Number.isInteger(amount)).toBe(true);
  });
});

describe('sample getOffer', () => {
  const flights = createFlightSearch({ logger: silentLogger });

  it('rebuilds every offer of a search', async () => {
    const { offers } = await flights.search(family, { now: searchedAt });
    for (const offer of offers) {
      const again = await flights.getOffer!(offer.id, { now: searchedAt });
      expect(again.id).toBe(offer.id);
      expect(again.totalAmount).toBe(offer.totalAmount);
      expect(again.slices).toEqual(offer.slices);
    }
  });

  it('changes some prices hours later', async () => {
    const { offers } = await flights.search(family, { now: searchedAt });
    const later = await Promise.all(
      offers.map((offer) => flights.getOffer!(offer.id, { now: hoursLater(6) })),
    );
    const changed = later.filter((offer, index) => offer.totalAmount !== offers[index].totalAmount);
    expect(changed.length).toBeGreaterThan(0);
    expect(Date.parse(later[0].expiresAt!)).toBeGreaterThan(hoursLater(6).getTime());
  });

  it('rebuilds a multi-city offer', async () => {
    const { offers } = await flights.search(
      {
        origin: 'Lisbon',
        destination: 'NYC',
        departDate: '2027-03-14',
        onwardSlices: [{ origin: 'New York', destination: 'London', departDate: '2027-03-20' }],
        adults: 1,
      },
      { now: searchedAt },
    );
    expect(offers[0].slices.map((slice) => slice.destination)).toHaveLength(2);
    expect(offers[0].slices[1].segments[0].origin).not.toBe('LIS');

    const again = await flights.getOffer!(offers[0].id, { now: searchedAt });
    expect(again.slices).toEqual(offers[0].slices);
  });

  it('rejects an id it did not make', async () => {
    const error = await rejection(flights.getOffer!('off_0000stand1', { now: searchedAt }));
    expect(error.code).toBe('not_found');
  });

  it('rejects an offer after departure', async () => {
    const { offers } = await flights.search(family, { now: searchedAt });
    const afterDeparture = new Date('2027-03-15T12:00:00Z');
    const error = await rejection(flights.getOffer!(offers[0].id, { now: afterDeparture }));
    expect(error.code).toBe('not_found');
    expect(error.message).toMatch(/departure date has passed/);
  });
});
