import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../agent/logger.js';
import type { DetailsOutput, SearchOutput } from '../schemas.js';
import { createLodgingServer } from '../server.js';

const NOW = new Date('2027-01-04T12:00:00Z');
const STAY = {
  location: 'Lisbon',
  check_in: '2027-05-02',
  check_out: '2027-05-05',
  adults: 2,
  children: 1,
};

function searchResult(rooms: unknown[]) {
  return {
    id: 'srr_0000stand1',
    check_in_date: '2027-05-02',
    check_out_date: '2027-05-05',
    rooms: 1,
    guests: [{ type: 'adult' }, { type: 'adult' }, { type: 'child', age: 8 }],
    expires_at: '2027-01-05T11:00:00Z',
    cheapest_rate_total_amount: '486.00',
    cheapest_rate_currency: 'EUR',
    accommodation: {
      id: 'acc_0000lis1',
      name: 'Alfama Courtyard Hotel',
      rating: 4,
      review_score: 8.6,
      location: {
        address: {
          line_one: 'Rua das Flores 12',
          city_name: 'Lisbon',
          postal_code: '1100-001',
          country_code: 'PT',
        },
        geographic_coordinates: { latitude: 38.7117, longitude: -9.1301 },
      },
      amenities: [
        { type: 'wifi', description: 'Free WiFi' },
        { type: 'pets_allowed', description: 'Pets' },
      ],
      rooms,
    },
  };
}

const FULL_ROOMS = [
  {
    name: 'Family Room',
    beds: [{ type: 'double', count: 1 }],
    rates: [
      {
        id: 'rat_0000a',
        total_amount: '486.00',
        total_currency: 'EUR',
        board_type: 'breakfast',
        cancellation_timeline: [
          { before: '2027-04-28T23:59:00Z', refund_amount: '486.00', currency: 'EUR' },
        ],
        conditions: [
          { title: 'City tax', description: 'Charged per adult per night at check-in.' },
        ],
      },
    ],
  },
];

let standIn: Server;
let baseUrl: string;
const requests: Array<{ method: string; path: string; body: any; authorization?: string }> = [];
let nextStatus: number | undefined;

beforeAll(async () => {
  standIn = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk) => (text += chunk));
    request.on('end', () => {
      const body = text ? JSON.parse(text) : undefined;
      requests.push({
        method: request.method!,
        path: request.url!,
        body,
        authorization: request.headers.authorization,
      });
      response.setHeader('content-type', 'application/json');
      if (nextStatus) {
        response.statusCode = nextStatus;
        response.end(
          JSON.stringify({
            meta: { status: nextStatus, request_id: 'req_1' },
            errors: [
              {
                type: 'authentication_error',
                code: 'unauthorized',
                title: 'Unauthorized',
                message: 'Bad token',
              },
            ],
          }),
        );
        return;
      }
      if (request.url === '/stays/search') {
        response.end(
          JSON.stringify({
            data: { created_at: '2027-01-04T12:00:00Z', results: [searchResult([])] },
          }),
        );
      } else if (request.url === '/stays/search_results/srr_0000stand1/actions/fetch_all_rates') {
        response.end(JSON.stringify({ data: searchResult(FULL_ROOMS) }));
      } else {
        response.statusCode = 404;
        response.end(
          JSON.stringify({
            meta: { status: 404 },
            errors: [
              {
                type: 'invalid_request_error',
                code: 'not_found',
                title: 'Not found',
                message: 'Not found',
              },
            ],
          }),
        );
      }
    });
  });
  await new Promise<void>((resolve) => standIn.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(standIn.address() as AddressInfo).port}`;
});

afterAll(() => {
  standIn.close();
});

let client: Client;

beforeEach(async () => {
  requests.length = 0;
  nextStatus = undefined;
  const server = createLodgingServer({
    logger: silentLogger,
    now: () => NOW,
    duffelAccessToken: 'duffel_test_x',
    duffelBaseUrl: baseUrl,
  });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await server.connect(serverTransport);
  client = new Client({ name: 'test', version: '1.0.0' });
  await client.connect(clientTransport);
});

async function call(name: string, args: Record<string, unknown>): Promise<CallToolResult> {
  return (await client.callTool({ name, arguments: args })) as CallToolResult;
}

describe('Duffel Stays provider', () => {
  it('sends a v2 search by coordinates', async () => {
    await call('search_accommodations', STAY);
    const search = requests.find((request) => request.path === '/stays/search')!;
    expect(search.authorization).toBe('Bearer duffel_test_x');
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
    expect(requests.map((request) => request.path)).toContain(
      '/stays/search_results/srr_0000stand1/actions/fetch_all_rates',
    );
    expect(details.accommodation.rooms[0]!.rates[0]!.id).toBe('rat_0000a');
    expect(details.accommodation.rooms[0]!.rates[0]!.refundable).toBe(true);
  });

  it('401 names the token', async () => {
    nextStatus = 401;
    const result = await call('search_accommodations', STAY);
    expect(result.isError).toBe(true);
    const text = result.content[0];
    expect(text?.type).toBe('text');
    expect(text?.type === 'text' ? text.text : '').toMatch(/DUFFEL_ACCESS_TOKEN/);
  });
});
