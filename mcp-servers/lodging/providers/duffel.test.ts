import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../agent/logger.js';
import type { DetailsOutput, SearchOutput } from '../schemas.js';
import { createLodgingServer } from '../server.js';
import {
  SEARCH_RESULT_ID,
  startDuffelStaysStandIn,
  type DuffelStaysStandIn,
} from '../testing/duffel-stays-stand-in.js';

const NOW = new Date('2027-01-04T12:00:00Z');
const STAY = {
  location: 'Lisbon',
  check_in: '2027-05-02',
  check_out: '2027-05-05',
  adults: 2,
  children: 1,
};
/** Time limit of the server in the time-limit test; the hanging stand-in never responds anyway. */
const SHORT_CALL_TIMEOUT_MS = 1_000;

let standIn: DuffelStaysStandIn;
let client: Client;

beforeAll(async () => {
  standIn = await startDuffelStaysStandIn();
});

afterAll(async () => {
  await standIn.close();
});

async function connectClient(callTimeoutMs?: number): Promise<void> {
  const server = createLodgingServer({
    logger: silentLogger,
    now: () => NOW,
    duffelAccessToken: 'duffel_test_x',
    duffelBaseUrl: standIn.baseUrl,
    callTimeoutMs,
  });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await server.connect(serverTransport);
  client = new Client({ name: 'test', version: '1.0.0' });
  await client.connect(clientTransport);
}

beforeEach(async () => {
  standIn.reset();
  await connectClient();
});

afterEach(async () => {
  await client.close();
});

async function call(name: string, args: Record<string, unknown>): Promise<CallToolResult> {
  return (await client.callTool({ name, arguments: args })) as CallToolResult;
}

function errorText(result: CallToolResult): string {
  expect(result.isError).toBe(true);
  return result.content.map((item) => (item.type === 'text' ? item.text : '')).join(' ');
}

function duffelError(type: string, code: string, message: string, field?: string) {
  return { type, code, title: code, message, ...(field ? { source: { field } } : {}) };
}

describe('Duffel Stays provider', () => {
  it('sends a v2 search by coordinates', async () => {
    await call('search_accommodations', STAY);
    const search = standIn.requests.find((request) => request.path === '/stays/search')!;
    expect(search.authorization).toBe('Bearer duffel_test_x');
    expect(search.duffelVersion).toBe('v2');
    expect(search.body.data.location.geographic_coordinates.latitude).toBeCloseTo(38.72, 1);
    expect(search.body.data.guests).toEqual([
      { type: 'adult' },
      { type: 'adult' },
      { type: 'child', age: 8 },
    ]);
    expect(search.body.data.rooms).toBe(1);
    expect(search.body.data.adults).toBeUndefined();
  });

  it('maps results to offers', async () => {
    const result = await call('search_accommodations', STAY);
    const output = result.structuredContent as SearchOutput;
    expect(output.sample).toBe(false);
    expect(output.provider).toBe('duffel');
    const offer = output.offers[0]!;
    expect(offer.id).toBe('acc_0000lis1');
    expect(offer.total_price).toBe(486);
    expect(offer.nightly_price).toBe(162);
    expect(offer.pets_allowed).toBe(true);
    expect(offer.sample).toBe(false);
    expect(offer.distance_km).toBeLessThan(3);
  });

  it('details fetch all rates', async () => {
    const result = await call('get_accommodation_details', { ...STAY, id: 'acc_0000lis1' });
    expect(result.isError).toBeFalsy();
    const details = result.structuredContent as DetailsOutput;
    expect(standIn.requests.map((request) => request.path)).toContain(
      `/stays/search_results/${SEARCH_RESULT_ID}/actions/fetch_all_rates`,
    );
    expect(details.accommodation.rooms[0]!.rates[0]!.id).toBe('rat_0000a');
    expect(details.accommodation.rooms[0]!.rates[0]!.refundable).toBe(true);
  });
});

describe('Duffel Stays errors', () => {
  it('401 names the token', async () => {
    standIn.failNext({
      kind: 'error',
      status: 401,
      errors: [duffelError('authentication_error', 'unauthorized', 'Bad token')],
    });
    const text = errorText(await call('search_accommodations', STAY));
    expect(text).toMatch(/DUFFEL_ACCESS_TOKEN/);
  });

  it('422 lists every field error', async () => {
    standIn.failNext({
      kind: 'error',
      status: 422,
      errors: [
        duffelError('validation_error', 'invalid_date', 'must be after today', 'check_in_date'),
        duffelError('validation_error', 'too_large', 'must be at most 100', 'radius'),
      ],
    });
    const result = await call('search_accommodations', STAY);
    const text = errorText(result);
    expect(text).toMatch(/^Invalid check_in_date: Duffel rejected the request/);
    expect(text).toMatch(/check_in_date: must be after today/);
    expect(text).toMatch(/radius: must be at most 100/);
    expect(result._meta?.error_code).toBe('invalid_input');
  });

  it('403 says Stays is not enabled', async () => {
    standIn.failNext({
      kind: 'error',
      status: 403,
      errors: [duffelError('authentication_error', 'forbidden', 'Stays is not enabled')],
    });
    const result = await call('search_accommodations', STAY);
    expect(errorText(result)).toMatch(/no access to Stays \(HTTP 403\).*enable Stays/);
    expect(result._meta?.error_code).toBe('upstream_error');
  });

  it('429 passes retry-after seconds on', async () => {
    standIn.failNext({
      kind: 'error',
      status: 429,
      headers: { 'retry-after': '17' },
      errors: [duffelError('rate_limit_error', 'rate_limit_exceeded', 'Too many requests')],
    });
    const result = await call('search_accommodations', STAY);
    expect(errorText(result)).toMatch(/rate limit reached; retry after 17 s/);
    expect(result._meta?.error_code).toBe('rate_limited');
    expect(result._meta?.retry_after_seconds).toBe(17);
  });

  it('429 reads a ratelimit-reset date', async () => {
    const reset = new Date(Date.now() + 42_000).toUTCString();
    standIn.failNext({
      kind: 'error',
      status: 429,
      headers: { 'ratelimit-reset': reset },
      errors: [duffelError('rate_limit_error', 'rate_limit_exceeded', 'Too many requests')],
    });
    const result = await call('search_accommodations', STAY);
    const seconds = result._meta?.retry_after_seconds as number;
    expect(seconds).toBeGreaterThan(30);
    expect(seconds).toBeLessThanOrEqual(43);
  });

  it('503 asks to try again shortly', async () => {
    standIn.failNext({
      kind: 'error',
      status: 503,
      errors: [duffelError('api_error', 'service_unavailable', 'Temporarily unavailable')],
    });
    const text = errorText(await call('search_accommodations', STAY));
    expect(text).toMatch(/HTTP 503 \(Temporarily unavailable\); try again shortly/);
  });

  it('gateway HTML page is an upstream error', async () => {
    standIn.failNext({ kind: 'html', status: 502 });
    const result = await call('get_accommodation_details', { ...STAY, id: 'acc_0000lis1' });
    expect(errorText(result)).toMatch(/HTTP 502/);
    expect(result._meta?.error_code).toBe('upstream_error');
  });

  it('time limit aborts the Duffel request', async () => {
    // A first search loads the places data, so the short limit only runs against the stand-in.
    await call('search_accommodations', STAY);
    await client.close();
    await connectClient(SHORT_CALL_TIMEOUT_MS);
    standIn.failNext({ kind: 'hang' });
    const aborted = standIn.nextAbort();
    const result = await call('search_accommodations', STAY);
    expect(errorText(result)).toMatch(/timed out: the stays provider sent no answer within 1 s/);
    expect(result._meta?.error_code).toBe('timeout');
    expect(await aborted).toBe('/stays/search');
  });

  it('cancelled call aborts the Duffel request', async () => {
    standIn.failNext({ kind: 'hang' });
    const hanging = standIn.nextHang();
    const aborted = standIn.nextAbort();
    const controller = new AbortController();
    const pending = client.callTool({ name: 'search_accommodations', arguments: STAY }, undefined, {
      signal: controller.signal,
      timeout: 60_000,
    });
    await hanging;
    controller.abort(new Error('user left'));

    await expect(pending).rejects.toThrow(/user left/);
    expect(await aborted).toBe('/stays/search');
  });
});
