import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/*
 * A local HTTP server that responds like Duffel Stays v2 for the two calls the lodging server
 * makes: `POST /stays/search` and `POST /stays/search_results/{id}/actions/fetch_all_rates`.
 * Tests choose the next response: a fixture, a Duffel error envelope, or no answer at all.
 */

export interface RecordedRequest {
  method: string;
  path: string;
  body: any;
  authorization?: string;
  duffelVersion?: string;
}

/** Behaviour of the stand-in for the next request only; later requests get fixtures again. */
export type StandInFault =
  | { kind: 'error'; status: number; errors: unknown[]; headers?: Record<string, string> }
  | { kind: 'html'; status: number }
  | { kind: 'hang' };

export interface DuffelStaysStandIn {
  baseUrl: string;
  requests: RecordedRequest[];
  /** Paths of requests whose client closed the connection before the response was sent. */
  aborted: string[];
  /** Resolves when the next request that arrives is aborted by its client. */
  nextAbort(): Promise<string>;
  /** Resolves when a request has arrived and is being held by a `hang` fault. */
  nextHang(): Promise<void>;
  failNext(fault: StandInFault): void;
  reset(): void;
  close(): Promise<void>;
}

export const SEARCH_RESULT_ID = 'srr_0000stand1';

/** A search result shaped like Duffel's; `rooms` is empty in search responses, as Duffel allows. */
export function searchResultFixture(rooms: unknown[]) {
  return {
    id: SEARCH_RESULT_ID,
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

export const FULL_ROOMS = [
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

/** Starts the stand-in on an ephemeral loopback port. */
export async function startDuffelStaysStandIn(): Promise<DuffelStaysStandIn> {
  const requests: RecordedRequest[] = [];
  const aborted: string[] = [];
  let fault: StandInFault | undefined;
  let abortWaiters: Array<(path: string) => void> = [];
  let hangWaiters: Array<() => void> = [];

  const server: Server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk) => (text += chunk));
    request.on('end', () => {
      const path = request.url ?? '/';
      requests.push({
        method: request.method ?? '',
        path,
        body: text ? JSON.parse(text) : undefined,
        authorization: request.headers.authorization,
        duffelVersion: request.headers['duffel-version'] as string | undefined,
      });
      response.once('close', () => {
        if (!response.writableEnded) {
          aborted.push(path);
          abortWaiters.splice(0).forEach((resolve) => resolve(path));
        }
      });

      const current = fault;
      fault = undefined;
      if (current?.kind === 'hang') {
        hangWaiters.splice(0).forEach((resolve) => resolve());
        return;
      }
      if (current?.kind === 'html') {
        response.writeHead(current.status, { 'content-type': 'text/html' });
        response.end('<html><body>Bad gateway</body></html>');
        return;
      }
      if (current?.kind === 'error') {
        response.writeHead(current.status, {
          'content-type': 'application/json',
          'x-request-id': 'req_standin',
          ...current.headers,
        });
        response.end(
          JSON.stringify({
            meta: { status: current.status, request_id: 'req_standin' },
            errors: current.errors,
          }),
        );
        return;
      }
      answerFixture(path, response);
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    aborted,
    nextAbort: () => new Promise((resolve) => abortWaiters.push(resolve)),
    nextHang: () => new Promise((resolve) => hangWaiters.push(resolve)),
    failNext: (next) => {
      fault = next;
    },
    reset: () => {
      requests.length = 0;
      aborted.length = 0;
      fault = undefined;
      abortWaiters = [];
      hangWaiters = [];
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function answerFixture(path: string, response: import('node:http').ServerResponse): void {
  response.setHeader('content-type', 'application/json');
  if (path === '/stays/search') {
    response.end(
      JSON.stringify({
        data: { created_at: '2027-01-04T12:00:00Z', results: [searchResultFixture([])] },
      }),
    );
    return;
  }
  if (path === `/stays/search_results/${SEARCH_RESULT_ID}/actions/fetch_all_rates`) {
    response.end(JSON.stringify({ data: searchResultFixture(FULL_ROOMS) }));
    return;
  }
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
