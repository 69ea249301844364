import { describe, expect, it } from 'vitest';

import { silentLogger } from '../../agent/logger.js';
import { createFlightSearch, summarizeOffers } from './index.js';
import type { FlightSearchResult } from './types.js';

const now = new Date('2027-01-04T09:00:00Z');

async function sampleResult(): Promise<FlightSearchResult> {
  return createFlightSearch({ logger: silentLogger }).search(
    {
      origin: 'Lisbon',
      destination: 'New York',
      departDate: '2027-01-20',
      returnDate: '2027-01-27',
      adults: 1,
    },
    { now },
  );
}

describe('summarizeOffers', () => {
  it('labels sample fares', async () => {
    const text = summarizeOffers(await sampleResult());
    expect(text).toMatch(/^Sample fares/);
    expect(text).toContain('not bookable');
  });

  it('shows the cheapest offers first', async () => {
    const result = await sampleResult();
    const lines = summarizeOffers(result, 2).split('\n');
    const priced = lines.filter((line) => /^\d+\. /.test(line));
    expect(priced).toHaveLength(2);
    expect(priced[0]).toContain(
      `${result.offers[0].totalAmount.toFixed(2)} ${result.offers[0].currency}`,
    );
    expect(lines[0]).toContain(`${result.offers.length} found`);
  });

  it('lists both directions with flights', async () => {
    const result = await sampleResult();
    const text = summarizeOffers(result, 1);
    const [outbound, inbound] = result.offers[0].slices;
    expect(text).toContain(`Out Wed 20 Jan: LIS ${outbound.segments[0].departLocal.slice(11, 16)}`);
    expect(text).toContain('Back Wed 27 Jan');
    expect(text).toContain(outbound.segments[0].flightNumber);
    expect(text).toContain(inbound.segments[0].flightNumber);
  });

  it('marks next-day arrivals', () => {
    const result: FlightSearchResult = {
      provider: 'duffel',
      sample: false,
      origin: { query: 'JFK', codes: ['JFK'], name: 'JFK' },
      destination: { query: 'LHR', codes: ['LHR'], name: 'Heathrow' },
      expiresAt: '2027-01-04T09:30:00.000Z',
      offers: [
        {
          id: 'off_1',
          totalAmount: 512.4,
          currency: 'USD',
          cabin: 'economy',
          sample: false,
          provider: 'duffel',
          slices: [
            {
              origin: 'JFK',
              destination: 'LHR',
              durationMinutes: 415,
              stops: 0,
              segments: [
                {
                  carrier: { iata: 'BA', name: 'British Airways' },
                  flightNumber: 'BA112',
                  origin: 'JFK',
                  destination: 'LHR',
                  departLocal: '2027-01-21T18:30:00',
                  arriveLocal: '2027-01-22T06:25:00',
                  durationMinutes: 415,
                },
              ],
            },
          ],
        },
      ],
    };
    const text = summarizeOffers(result);
    expect(text).toContain('JFK 18:30 → LHR 06:25 (+1), direct, 6h55');
    expect(text).toContain('512.40 USD');
    expect(text).toContain('held until 2027-01-04 09:30 UTC');
    expect(text).not.toContain('Sample');
  });

  it('says what to try when nothing is found', async () => {
    const result = { ...(await sampleResult()), offers: [] };
    expect(summarizeOffers(result)).toContain('none found');
  });
});
