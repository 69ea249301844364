import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { silentLogger } from '../../agent/logger.js';
import { ToolError } from '../types.js';
import { createFlightSearch } from './index.js';
import { startDuffelStandIn, type DuffelStandIn } from './testing/duffel-stand-in.js';
import type { FlightSearchInput } from './types.js';

const now = new Date('2027-01-04T09:00:00Z');
const family: FlightSearchInput = {
  origin: 'Lisbon',
  destination: 'New York',
  departDate: '2027-03-14',
  returnDate: '2027-03-21',
  adults: 2,
  childrenAges: [7],
  infants: 1,
  cabin: 'premium_economy',
  maxConnections: 1,
};
// Each retry waits 20 ms here instead of the default 400 ms, to keep the suite fast.
const fastRetry = { baseDelayMs: 20, maxDelayMs: 200 };

let standIn: DuffelStandIn;

function searchAgainst(options: { token?: string; timeoutMs?: number } = {}) {
  return createFlightSearch({
    duffelAccessToken: options.token ?? standIn.token,
    duffelBaseUrl: standIn.url,
    timeoutMs: options.timeoutMs ?? 5_000,
    retry: fastRetry,
    logger: silentLogger,
  });
}

async function failureOf(promise: Promise<unknown>): Promise<ToolError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ToolError);
  return error as ToolError;
}

beforeAll(async () => {
  standIn = await startDuffelStandIn();
});

afterAll(async () => {
  await standIn.close();
});

afterEach(() => {
  standIn.requests.length = 0;
  standIn.setDelay(0);
});

describe('Duffel flight search', () => {
  it('is chosen when a token is set', () => {
    expect(searchAgainst().provider).toBe('duffel');
  });

  it('sends an offer request in Duffel shape', async () => {
    await searchAgainst().search(family, { now });

    expect(standIn.requests).toHaveLength(1);
    const [request] = standIn.requests;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/air/offer_requests/');
    expect(request.query.return_offers).toBe('true');
    expect(Number(request.query.supplier_timeout)).toBeGreaterThanOrEqual(2_000);
    expect(request.headers.authorization).toBe(`Bearer ${standIn.token}`);
    expect(request.headers['duffel-version']).toBe('v2');

    const data = request.body.data;
    expect(data.slices).toEqual([
      expect.objectContaining({ origin: 'LIS', destination: 'NYC', departure_date: '2027-03-14' }),
      expect.objectContaining({ origin: 'NYC', destination: 'LIS', departure_date: '2027-03-21' }),
    ]);
    expect(data.passengers).toEqual([{ type: 'adult' }, { type: 'adult' }, { age: 7 }, { age: 1 }]);
    expect(data.cabin_class).toBe('premium_economy');
    expect(data.max_connections).toBe(1);
  });

  it('keeps a path prefix in the base URL', async () => {
    const prefixed = createFlightSearch({
      duffelAccessToken: standIn.token,
      duffelBaseUrl: `${standIn.url}/duffel`,
      retry: fastRetry,
      logger: silentLogger,
    });
    // The stand-in serves no prefix, so the prefixed path reaches its 404.
    await failureOf(prefixed.search(family, { now }));
    expect(standIn.requests[0].path).toBe('/duffel/air/offer_requests/');
  });

  it('normalises offers', async () => {
    const result = await searchAgainst().search(family, { now });

    expect(result.provider).toBe('duffel');
    expect(result.sample).toBe(false);
    expect(result.origin.codes).toEqual(['LIS']);
    expect(result.offers.map((offer) => offer.totalAmount)).toEqual([199.5, 305.1, 412.8]);

    const [cheapest, connecting, dearest] = result.offers;
    expect(cheapest.currency).toBe('EUR');
    expect(cheapest.sample).toBe(false);
    expect(cheapest.provider).toBe('duffel');
    expect(cheapest.cabin).toBe('premium_economy');
    expect(cheapest.baggage).toBe('1 carry-on, 1 checked bag');
    expect(dearest.baggage).toBe('1 carry-on, no checked bag');
    expect(cheapest.expiresAt).toMatch(/Z$/);
    expect(result.expiresAt).toBe(cheapest.expiresAt);

    const [outbound, inbound] = cheapest.slices;
    expect(outbound.origin).toBe('LIS');
    expect(outbound.destination).toBe('JFK');
    expect(inbound.origin).toBe('JFK');
    const [segment] = outbound.segments;
    expect(segment.carrier).toEqual({ iata: 'ZZ', name: 'Duffel Airways' });
    expect(segment.flightNumber).toMatch(/^ZZ\d+$/);
    expect(segment.departLocal).toBe('2027-03-14T13:10:00');
    // Zero-padded "PT02H50M" and New York on UTC-4 after its DST change on 14 March 2027.
    expect(segment.durationMinutes).toBe(170);
    expect(segment.arriveLocal).toBe('2027-03-14T12:00:00');
    expect(outbound.stops).toBe(0);

    // The connecting offer has no slice duration, so it comes from the local times.
    const connection = connecting.slices[0];
    expect(connection.stops).toBe(1);
    expect(connection.segments.map((leg) => leg.durationMinutes)).toEqual([95, 120]);
    expect(connection.durationMinutes).toBe(95 + 65 + 120);
  });

  it('skips offers it cannot read', async () => {
    const malformed = await startDuffelStandIn({ includeMalformedOffer: true });
    try {
      const result = await createFlightSearch({
        duffelAccessToken: malformed.token,
        duffelBaseUrl: malformed.url,
        logger: silentLogger,
      }).search(family, { now });
      expect(result.offers).toHaveLength(3);
      expect(result.offers.map((offer) => offer.id)).not.toContain('off_malformed');
    } finally {
      await malformed.close();
    }
  });

  it('applies the price limit', async () => {
    const result = await searchAgainst().search(
      { ...family, maxPrice: 310, currency: 'EUR' },
      { now },
    );
    expect(result.offers.map((offer) => offer.totalAmount)).toEqual([199.5, 305.1]);
  });

  it('validates before calling Duffel', async () => {
    const error = await failureOf(
      searchAgainst().search({ ...family, adults: 1, infants: 2 }, { now }),
    );
    expect(error.code).toBe('invalid_input');
    expect(standIn.requests).toHaveLength(0);
  });

  it('reports a 422 with the field', async () => {
    // The stand-in checks dates against its real clock, so a date valid at the pinned "now" is past.
    const past = new Date('2020-01-01T00:00:00Z');
    const error = await failureOf(
      searchAgainst().search(
        { ...family, departDate: '2020-02-01', returnDate: '2020-02-08' },
        { now: past },
      ),
    );
    expect(error.code).toBe('invalid_input');
    expect(error.details?.field).toBe('departDate');
    expect(error.message).toContain('must not be in the past');
    expect(error.message).toContain('returnDate');
    expect(standIn.requests).toHaveLength(1);
  });

  it('reports a rejected token without retrying', async () => {
    const error = await failureOf(
      searchAgainst({ token: 'duffel_test_wrong' }).search(family, { now }),
    );
    expect(error.code).toBe('unavailable');
    expect(error.details?.status).toBe(401);
    expect(error.message).toContain('DUFFEL_ACCESS_TOKEN');
    expect(error.message).not.toContain('duffel_test_wrong');
    expect(standIn.requests).toHaveLength(1);
  });

  it('retries a rate limit then succeeds', async () => {
    standIn.failNext({ status: 429, headers: { 'retry-after': '0' } });
    const result = await searchAgainst().search(family, { now });
    expect(result.offers).toHaveLength(3);
    expect(standIn.requests).toHaveLength(2);
  });

  it('reports a rate limit that lasts', async () => {
    const resetAt = new Date(Date.now() + 30_000).toUTCString();
    standIn.failNext({ status: 429, headers: { 'ratelimit-reset': resetAt } });
    const error = await failureOf(searchAgainst().search(family, { now }));
    expect(error.code).toBe('rate_limited');
    expect(error.details?.retryAfterSeconds).toBeGreaterThan(20);
    expect(error.details?.retryAfterSeconds).toBeLessThanOrEqual(31);
    // The wait is longer than the retry policy allows, so there is no second call.
    expect(standIn.requests).toHaveLength(1);
  });

  it('reads retry-after in seconds', async () => {
    standIn.failNext({ status: 429, headers: { 'retry-after': '45' } });
    const error = await failureOf(searchAgainst().search(family, { now }));
    expect(error.details?.retryAfterSeconds).toBe(45);
  });

  it('retries a 503 then succeeds', async () => {
    standIn.failNext({ status: 503 });
    const result = await searchAgainst().search(family, { now });
    expect(result.offers).toHaveLength(3);
    expect(standIn.requests).toHaveLength(2);
  });

  it('gives up after the bounded retries', async () => {
    standIn.failNext(
      { status: 500 },
      { status: 503 },
      { status: 502, html: true },
      { status: 503 },
    );
    const error = await failureOf(searchAgainst().search(family, { now }));
    expect(error.code).toBe('upstream_error');
    expect(error.details?.status).toBe(502);
    expect(error.message).toContain('HTTP 502');
    expect(standIn.requests).toHaveLength(3);
  });

  it('times out a slow answer', async () => {
    standIn.setDelay(2_000);
    const error = await failureOf(searchAgainst({ timeoutMs: 300 }).search(family, { now }));
    expect(error.code).toBe('timeout');
    expect(error.message).toMatch(/took longer than/);
  });

  it('stops when the caller aborts', async () => {
    standIn.setDelay(2_000);
    const controller = new AbortController();
    const pending = searchAgainst().search(family, { now, signal: controller.signal });
    setTimeout(() => controller.abort(new Error('user left')), 50);
    await expect(pending).rejects.toThrow('user left');
  });

  it('reports an unreachable service', async () => {
    const closed = await startDuffelStandIn();
    await closed.close();
    const search = createFlightSearch({
      duffelAccessToken: closed.token,
      duffelBaseUrl: closed.url,
      logger: silentLogger,
    });
    const error = await failureOf(search.search(family, { now }));
    expect(error.code).toBe('unavailable');
  });
});

describe('Duffel multi-city and passengers', () => {
  it('sends one slice per multi-city leg', async () => {
    const result = await searchAgainst().search(
      {
        origin: 'Lisbon',
        destination: 'London',
        departDate: '2027-03-14',
        onwardSlices: [
          { origin: 'London', destination: 'New York', departDate: '2027-03-18' },
          { origin: 'NYC', destination: 'Lisbon', departDate: '2027-03-25' },
        ],
        adults: 1,
      },
      { now },
    );

    const slices = standIn.requests[0].body.data.slices;
    expect(slices.map((slice: { origin: string }) => slice.origin)).toEqual(['LIS', 'LON', 'NYC']);
    expect(slices.map((slice: { destination: string }) => slice.destination)).toEqual([
      'LON',
      'NYC',
      'LIS',
    ]);
    expect(slices.map((slice: { departure_date: string }) => slice.departure_date)).toEqual([
      '2027-03-14',
      '2027-03-18',
      '2027-03-25',
    ]);
    expect(result.offers[0].slices).toHaveLength(3);
  });

  it('sends each child by age', async () => {
    await searchAgainst().search(
      { ...family, childrenAges: [15, 5], infants: 1, adults: 2 },
      { now },
    );
    expect(standIn.requests[0].body.data.passengers).toEqual([
      { type: 'adult' },
      { type: 'adult' },
      { age: 15 },
      { age: 5 },
      { age: 1 },
    ]);
  });
});

describe('Duffel offer re-fetch', () => {
  // The stand-in dates expiry from the real clock, so these calls use it too.
  const realNow = () => ({ now: new Date() });

  it('returns the current price', async () => {
    const flights = searchAgainst();
    const { offers } = await flights.search(family, { now });
    standIn.setOfferPrice(offers[1].id, '381.90');
    standIn.requests.length = 0;

    const offer = await flights.getOffer!(offers[1].id, realNow());
    expect(offer.id).toBe(offers[1].id);
    expect(offer.totalAmount).toBe(381.9);
    expect(offer.currency).toBe('EUR');
    expect(offer.slices).toHaveLength(2);
    expect(standIn.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      `GET /air/offers/${offers[1].id}`,
    ]);
  });

  it('reports an unknown offer as not found', async () => {
    const error = await failureOf(searchAgainst().getOffer!('off_0000missing', realNow()));
    expect(error.code).toBe('not_found');
    expect(error.message).toMatch(/no longer available/);
    expect(standIn.requests).toHaveLength(1);
  });

  it('retries a 503 on re-fetch', async () => {
    const flights = searchAgainst();
    const { offers } = await flights.search(family, { now });
    standIn.requests.length = 0;
    standIn.failNext({ status: 503 });

    const offer = await flights.getOffer!(offers[0].id, realNow());
    expect(offer.id).toBe(offers[0].id);
    expect(standIn.requests).toHaveLength(2);
  });

  it('rejects an expired offer', async () => {
    const flights = searchAgainst();
    const { offers } = await flights.search(family, { now });
    const later = new Date(Date.parse(offers[0].expiresAt!) + 1_000);
    const error = await failureOf(flights.getOffer!(offers[0].id, { now: later }));
    expect(error.code).toBe('not_found');
    expect(error.message).toMatch(/expired/);
  });

  it('rejects a malformed offer id', async () => {
    const error = await failureOf(searchAgainst().getOffer!('../orders', realNow()));
    expect(error.code).toBe('invalid_input');
    expect(standIn.requests).toHaveLength(0);
  });
});
