import { describe, expect, it } from 'vitest';

import { silentLogger } from '../../../agent/logger.js';
import { createFlightSearch } from '../index.js';
import type { FlightOffer, FlightSearchInput, FlightSegment } from '../types.js';

const search = createFlightSearch({ logger: silentLogger });
const now = new Date('2027-01-04T09:00:00Z');
const oneAdult = { adults: 1, departDate: '2027-01-20' } as const;

async function offersFor(input: Partial<FlightSearchInput>): Promise<FlightOffer[]> {
  const result = await search.search(
    { origin: 'Lisbon', destination: 'New York', ...oneAdult, ...input },
    { now },
  );
  return result.offers;
}

function cheapest(offers: FlightOffer[]): number {
  return Math.min(...offers.map((offer) => offer.totalAmount));
}

/** Minutes since the epoch of a local time, read as if it were UTC. */
function wallClockMinutes(localIso: string): number {
  return Date.parse(`${localIso}Z`) / 60_000;
}

function segmentsOf(offers: FlightOffer[]): FlightSegment[] {
  return offers.flatMap((offer) => offer.slices.flatMap((slice) => slice.segments));
}

describe('sample flight search', () => {
  it('is chosen without a Duffel token', () => {
    expect(search.provider).toBe('sample');
  });

  it('marks every offer as sample', async () => {
    const result = await search.search(
      { origin: 'Lisbon', destination: 'Madrid', ...oneAdult },
      { now },
    );
    expect(result.sample).toBe(true);
    expect(result.provider).toBe('sample');
    expect(result.offers.length).toBeGreaterThan(0);
    for (const offer of result.offers) {
      expect(offer.sample).toBe(true);
      expect(offer.provider).toBe('sample');
    }
  });

  it('returns the same offers for the same search', async () => {
    const first = await offersFor({ returnDate: '2027-01-27' });
    const second = await offersFor({ returnDate: '2027-01-27' });
    expect(second).toEqual(first);
  });

  it('changes with the date', async () => {
    const monday = await offersFor({ departDate: '2027-01-18' });
    const tuesday = await offersFor({ departDate: '2027-01-19' });
    expect(tuesday.map((offer) => offer.totalAmount)).not.toEqual(
      monday.map((offer) => offer.totalAmount),
    );
  });

  it('sorts offers by price', async () => {
    const amounts = (await offersFor({})).map((offer) => offer.totalAmount);
    expect(amounts).toEqual([...amounts].sort((a, b) => a - b));
  });

  it('uses real airports and carriers', async () => {
    const segments = segmentsOf(await offersFor({}));
    for (const segment of segments) {
      expect(segment.carrier.iata).toMatch(/^[A-Z0-9]{2}$/);
      expect(segment.flightNumber.startsWith(segment.carrier.iata)).toBe(true);
    }
    expect(segments[0].origin).toBe('LIS');
    expect(new Set(segments.map((segment) => segment.carrier.iata))).toContain('TP');
  });

  it('lands in the destination time zone', async () => {
    // In January Lisbon keeps UTC and New York UTC-5, so westbound clocks gain 5 hours.
    const offers = await offersFor({});
    const direct = offers.filter((offer) => offer.slices[0].stops === 0);
    expect(direct.length).toBeGreaterThan(0);
    for (const offer of direct) {
      const [segment] = offer.slices[0].segments;
      expect(segment.destination).toBe('JFK');
      const clockGain = wallClockMinutes(segment.departLocal) + segment.durationMinutes;
      expect(wallClockMinutes(segment.arriveLocal)).toBe(clockGain - 5 * 60);
    }
  });

  it('dates an overnight arrival the next day', async () => {
    // New York to London: UTC-5 to UTC in January, an eastbound night flight.
    const result = await search.search(
      { origin: 'JFK', destination: 'LHR', ...oneAdult, departDate: '2027-01-21' },
      { now },
    );
    const segments = segmentsOf(result.offers).filter(
      (segment) => segment.origin === 'JFK' && segment.destination === 'LHR',
    );
    for (const segment of segments) {
      const clockGain = wallClockMinutes(segment.departLocal) + segment.durationMinutes;
      expect(wallClockMinutes(segment.arriveLocal)).toBe(clockGain + 5 * 60);
    }
    const overnight = segments.filter(
      (segment) => segment.arriveLocal.slice(0, 10) > segment.departLocal.slice(0, 10),
    );
    expect(overnight.length).toBeGreaterThan(0);
    expect(overnight.every((segment) => segment.arriveLocal.startsWith('2027-01-22'))).toBe(true);
  });

  it('keeps connections realistic', async () => {
    const offers = await offersFor({});
    for (const slice of offers.flatMap((offer) => offer.slices)) {
      const flying = slice.segments.reduce((sum, segment) => sum + segment.durationMinutes, 0);
      expect(slice.stops).toBe(slice.segments.length - 1);
      expect(slice.durationMinutes).toBeGreaterThanOrEqual(flying + slice.stops * 60);
      for (let i = 1; i < slice.segments.length; i++) {
        expect(slice.segments[i].origin).toBe(slice.segments[i - 1].destination);
        expect(slice.segments[i].departLocal > slice.segments[i - 1].arriveLocal).toBe(true);
      }
    }
  });

  it('connects long routes through a hub', async () => {
    const result = await search.search(
      { origin: 'London', destination: 'Sydney', ...oneAdult },
      { now },
    );
    expect(result.offers.length).toBeGreaterThan(0);
    for (const offer of result.offers) {
      const [slice] = offer.slices;
      expect(slice.stops).toBe(1);
      expect(slice.segments[0].destination).not.toBe('SYD');
      expect(slice.segments[1].destination).toBe('SYD');
    }
  });

  it('prices longer routes higher', async () => {
    const shortHaul = await offersFor({ destination: 'Madrid' });
    const longHaul = await offersFor({ destination: 'New York' });
    const ultraLong = await offersFor({ destination: 'Sydney' });
    expect(cheapest(longHaul)).toBeGreaterThan(cheapest(shortHaul));
    expect(cheapest(ultraLong)).toBeGreaterThan(cheapest(longHaul));
  });

  it('prices higher cabins higher on the same flights', async () => {
    const cabins = ['economy', 'premium_economy', 'business', 'first'] as const;
    const byCabin = await Promise.all(
      cabins.map((cabin) => offersFor({ origin: 'LHR', destination: 'SIN', cabin })),
    );
    const flightsKey = (offer: FlightOffer) =>
      offer.slices.flatMap((slice) => slice.segments.map((segment) => segment.flightNumber)).join();

    for (let level = 1; level < cabins.length; level++) {
      expect(byCabin[level].length).toBeGreaterThan(0);
      for (const offer of byCabin[level]) {
        expect(offer.cabin).toBe(cabins[level]);
        // Every flight sold in a higher cabin is also sold in economy, and for less.
        const economy = byCabin[0].find((other) => flightsKey(other) === flightsKey(offer));
        expect(economy, `${flightsKey(offer)} in economy`).toBeDefined();
        expect(offer.totalAmount).toBeGreaterThan(economy!.totalAmount);

        const lower = byCabin[level - 1].find((other) => flightsKey(other) === flightsKey(offer));
        if (lower) expect(offer.totalAmount).toBeGreaterThan(lower.totalAmount);
      }
    }
  });

  it('sells only economy on low-cost carriers', async () => {
    const economy = await offersFor({ destination: 'Madrid' });
    const business = await offersFor({ destination: 'Madrid', cabin: 'business' });
    expect(economy.some((offer) => offer.slices[0].segments[0].carrier.iata === 'FR')).toBe(true);
    expect(business.some((offer) => offer.slices[0].segments[0].carrier.iata === 'FR')).toBe(false);
  });

  it('charges a child less than an adult', async () => {
    const twoAdults = await offersFor({ adults: 2 });
    const adultAndChild = await offersFor({ adults: 1, childrenAges: [6] });
    const withInfant = await offersFor({ adults: 1, infants: 1 });
    const alone = await offersFor({ adults: 1 });
    expect(cheapest(adultAndChild)).toBeLessThan(cheapest(twoAdults));
    expect(cheapest(withInfant)).toBeLessThan(cheapest(adultAndChild));
    expect(cheapest(withInfant)).toBeGreaterThan(cheapest(alone));
  });

  it('returns on the return date', async () => {
    const offers = await offersFor({ returnDate: '2027-01-27' });
    for (const offer of offers) {
      expect(offer.slices).toHaveLength(2);
      expect(offer.slices[1].segments[0].departLocal.startsWith('2027-01-27')).toBe(true);
      expect(offer.slices[1].destination).toBe(offer.slices[0].origin);
    }
  });

  it('applies connection and price limits', async () => {
    const all = await offersFor({});
    const directOnly = await offersFor({ maxConnections: 0 });
    expect(all.some((offer) => offer.slices[0].stops > 0)).toBe(true);
    expect(directOnly.length).toBeGreaterThan(0);
    expect(directOnly.every((offer) => offer.slices[0].stops === 0)).toBe(true);

    const limit = all[Math.floor(all.length / 2)].totalAmount;
    const affordable = await offersFor({ maxPrice: limit });
    expect(affordable.length).toBeGreaterThan(0);
    expect(affordable.length).toBeLessThan(all.length);
    expect(affordable.every((offer) => offer.totalAmount <= limit)).toBe(true);
  });

  it('prices in the requested currency', async () => {
    const euros = await offersFor({ currency: 'EUR' });
    const dollars = await offersFor({ currency: 'usd' });
    expect(dollars.every((offer) => offer.currency === 'USD')).toBe(true);
    expect(cheapest(dollars)).toBeGreaterThan(cheapest(euros));
  });

  it('validates before searching', async () => {
    await expect(
      search.search(
        { origin: 'Lisbon', destination: 'Madrid', departDate: '2026-12-01', adults: 1 },
        { now },
      ),
    ).rejects.toMatchObject({ code: 'invalid_input', details: { field: 'departDate' } });
  });
});
