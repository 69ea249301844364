import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { METRO_CODES, getAirport } from '../../places/index.js';
import { localIsoToUtc, toLocalIso } from '../local-time.js';

/** One request the stand-in received, for tests to inspect. */
export interface RecordedDuffelRequest {
  method: string;
  /** Path without the query string, such as `/air/offer_requests/`. */
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body, or undefined when there was none. */
  body: any;
}

/** A failure the stand-in returns instead of offers. */
export interface DuffelStandInFailure {
  status: number;
  /** Error objects for the JSON envelope; a default one for the status when left out. */
  errors?: Array<Record<string, unknown>>;
  /** Sends an HTML gateway page instead of JSON, as a proxy in front of the API would. */
  html?: boolean;
  headers?: Record<string, string>;
}

export interface DuffelStandInOptions {
  /** Access token the stand-in accepts; defaults to `duffel_test_stand_in`. */
  token?: string;
  /** Currency of every offer; defaults to EUR. */
  currency?: string;
  /** Delay in milliseconds before each response. */
  delayMs?: number;
  /** Failures returned, in order, to the next offer requests or offer fetches; later calls succeed. */
  failures?: DuffelStandInFailure[];
  /** Adds an offer without slices to every response, to test that clients skip it. */
  includeMalformedOffer?: boolean;
  /** How long offers stay valid (`expires_at`); 30 minutes when left out, about what Duffel offers live. */
  offerLifetimeMs?: number;
}

export interface DuffelStandIn {
  /** Base URL to give the SDK as `basePath`, without a trailing slash. */
  url: string;
  token: string;
  requests: RecordedDuffelRequest[];
  /** Queues failures for the next offer requests or offer fetches. */
  failNext(...failures: DuffelStandInFailure[]): void;
  setDelay(ms: number): void;
  /**
   * Changes the total of an offer already returned, as an airline re-pricing it would, so that
   * `GET /air/offers/{id}` returns the new amount. Throws for an id the stand-in never sent.
   */
  setOfferPrice(offerId: string, totalAmount: string): void;
  /** Sets how long offers from later searches stay valid, in milliseconds. */
  setOfferLifetime(ms: number): void;
  close(): Promise<void>;
}

const CABINS = new Set(['economy', 'premium_economy', 'business', 'first']);
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const IATA = /^[A-Z]{3}$/;

interface OfferTemplate {
  amount: string;
  departTime: string;
  /** Minutes of each flight; two entries make a connection. */
  legs: number[];
  connectionMinutes: number;
  /** Some Duffel samples zero-pad hours in durations. */
  zeroPad: boolean;
  /** Leaves slice durations out so clients must compute them from local times. */
  omitSliceDuration: boolean;
}

// Deliberately not in price order, so tests see the client sort.
const OFFER_TEMPLATES: OfferTemplate[] = [
  {
    amount: '412.80',
    departTime: '06:55',
    legs: [170],
    connectionMinutes: 0,
    zeroPad: false,
    omitSliceDuration: false,
  },
  {
    amount: '199.50',
    departTime: '13:10',
    legs: [170],
    connectionMinutes: 0,
    zeroPad: true,
    omitSliceDuration: false,
  },
  {
    amount: '305.10',
    departTime: '09:30',
    legs: [95, 120],
    connectionMinutes: 65,
    zeroPad: false,
    omitSliceDuration: true,
  },
];

function isoDuration(minutes: number, zeroPad: boolean): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return zeroPad
    ? `PT${String(hours).padStart(2, '0')}H${String(rest).padStart(2, '0')}M`
    : `PT${hours}H${rest}M`;
}

/** Builds a Duffel airport object; a metropolitan code such as NYC becomes its busiest airport. */
function airportFor(code: string): {
  iata_code: string;
  time_zone: string;
  name: string;
  type: string;
} {
  const iata = METRO_CODES.find((metro) => metro.code === code)?.airports[0] ?? code;
  const airport = getAirport(iata);
  return {
    iata_code: iata,
    name: airport?.name ?? `${iata} Airport`,
    time_zone: airport?.timeZone ?? 'UTC',
    type: 'airport',
  };
}

function connectionAirport(origin: string, destination: string): string {
  return ['FRA', 'AMS', 'CDG'].find((code) => code !== origin && code !== destination)!;
}

function buildSlice(
  slice: { origin: string; destination: string; departure_date: string },
  template: OfferTemplate,
  passengerIds: string[],
  cabin: string,
  index: number,
) {
  const stops =
    template.legs.length === 2 ? [connectionAirport(slice.origin, slice.destination)] : [];
  const points = [
    airportFor(slice.origin),
    ...stops.map(airportFor),
    airportFor(slice.destination),
  ];
  let departUtc = localIsoToUtc(
    `${slice.departure_date}T${template.departTime}:00`,
    points[0].time_zone,
  );

  const segments = template.legs.map((minutes, leg) => {
    const from = points[leg];
    const to = points[leg + 1];
    const arriveUtc = departUtc + minutes * 60_000;
    const segment = {
      id: `seg_${randomUUID().slice(0, 8)}`,
      origin: from,
      destination: to,
      departing_at: toLocalIso(departUtc, from.time_zone),
      arriving_at: toLocalIso(arriveUtc, to.time_zone),
      duration: isoDuration(minutes, template.zeroPad),
      marketing_carrier: { id: 'arl_zz', iata_code: 'ZZ', name: 'Duffel Airways' },
      marketing_carrier_flight_number: String(1200 + index * 10 + leg),
      operating_carrier: { id: 'arl_zz', iata_code: 'ZZ', name: 'Duffel Airways' },
      operating_carrier_flight_number: String(1200 + index * 10 + leg),
      aircraft: { id: 'arc_00009VMF8AhXSSRnQDI6Hi', iata_code: '320', name: 'Airbus A320' },
      distance: null,
      stops: [],
      passengers: passengerIds.map((passengerId) => ({
        passenger_id: passengerId,
        cabin_class: cabin,
        cabin_class_marketing_name: cabin,
        baggages: [
          { type: 'carry_on', quantity: 1 },
          { type: 'checked', quantity: index % 2 },
        ],
      })),
    };
    departUtc = arriveUtc + template.connectionMinutes * 60_000;
    return segment;
  });

  const lastArrival = departUtc - template.connectionMinutes * 60_000;
  const firstDeparture = localIsoToUtc(segments[0].departing_at, points[0].time_zone);
  return {
    id: `sli_${randomUUID().slice(0, 8)}`,
    origin: points[0],
    destination: points[points.length - 1],
    origin_type: 'airport',
    destination_type: 'airport',
    duration: template.omitSliceDuration
      ? null
      : isoDuration(Math.round((lastArrival - firstDeparture) / 60_000), template.zeroPad),
    fare_brand_name: 'Basic',
    segments,
  };
}

function errorBody(status: number, requestId: string, errors: Array<Record<string, unknown>>) {
  return { meta: { status, request_id: requestId }, errors };
}

function defaultError(status: number): Record<string, unknown> {
  const byStatus: Record<number, [string, string, string]> = {
    400: ['invalid_request_error', 'bad_request', 'The request was malformed.'],
    401: ['authentication_error', 'missing_authorization_header', 'The access token is missing.'],
    403: ['authentication_error', 'forbidden', 'The access token lacks permission.'],
    404: [
      'invalid_request_error',
      'not_found',
      'The resource you are trying to access does not exist.',
    ],
    422: ['validation_error', 'invalid_request', 'The request is invalid.'],
    429: ['rate_limit_error', 'rate_limit_exceeded', 'Too many requests hit the API too quickly.'],
  };
  const [type, code, message] = byStatus[status] ?? [
    'api_error',
    'internal_server_error',
    'Something went wrong.',
  ];
  return {
    type,
    code,
    title: message,
    message,
    documentation_url: 'https://duffel.com/docs/api/overview/errors',
  };
}

function fieldError(code: string, field: string, pointer: string, message: string) {
  return {
    type: 'validation_error',
    code,
    title: 'Invalid request',
    message,
    documentation_url: 'https://duffel.com/docs/api/overview/errors',
    source: { field, pointer },
  };
}

/** Checks an offer request body the way Duffel does for the fields the tool sends. */
function validateOfferRequest(data: any, today: string): Array<Record<string, unknown>> {
  const problems = [];
  if (!Array.isArray(data?.slices) || data.slices.length === 0) {
    problems.push(
      fieldError('invalid_slices', 'slices', '/slices', 'At least one slice is required.'),
    );
  }
  for (const [index, slice] of (Array.isArray(data?.slices) ? data.slices : []).entries()) {
    for (const field of ['origin', 'destination']) {
      if (!IATA.test(slice?.[field] ?? '')) {
        problems.push(
          fieldError(
            'invalid_place',
            field,
            `/slices/${index}/${field}`,
            `${field} must be an IATA code.`,
          ),
        );
      }
    }
    if (!DATE.test(slice?.departure_date ?? '')) {
      problems.push(
        fieldError(
          'invalid_departure_date',
          'departure_date',
          `/slices/${index}/departure_date`,
          'The departure date must be YYYY-MM-DD.',
        ),
      );
    } else if (slice.departure_date < today) {
      problems.push(
        fieldError(
          'invalid_departure_date',
          'departure_date',
          `/slices/${index}/departure_date`,
          'The departure date must not be in the past.',
        ),
      );
    }
  }

  if (!Array.isArray(data?.passengers) || data.passengers.length === 0) {
    problems.push(
      fieldError(
        'invalid_passengers',
        'passengers',
        '/passengers',
        'At least one passenger is required.',
      ),
    );
  }
  for (const [index, passenger] of (Array.isArray(data?.passengers)
    ? data.passengers
    : []
  ).entries()) {
    const hasType = passenger?.type !== undefined;
    const hasAge = passenger?.age !== undefined;
    const valid =
      hasType !== hasAge &&
      (hasType
        ? passenger.type === 'adult'
        : Number.isInteger(passenger.age) && passenger.age >= 0 && passenger.age < 18);
    if (!valid) {
      problems.push(
        fieldError(
          'invalid_passenger',
          'passengers',
          `/passengers/${index}`,
          'A passenger needs either type "adult" or an age under 18, not both.',
        ),
      );
    }
  }

  if (data?.cabin_class !== undefined && !CABINS.has(data.cabin_class)) {
    problems.push(
      fieldError(
        'invalid_cabin_class',
        'cabin_class',
        '/cabin_class',
        'The cabin class is not supported.',
      ),
    );
  }
  if (data?.max_connections !== undefined && ![0, 1, 2].includes(data.max_connections)) {
    problems.push(
      fieldError(
        'invalid_max_connections',
        'max_connections',
        '/max_connections',
        'max_connections must be 0, 1 or 2.',
      ),
    );
  }
  return problems;
}

/** Maps an age to the type the stand-in reports; real airlines each use their own table. */
function passengerTypeForAge(age: number): string {
  if (age < 2) return 'infant_without_seat';
  if (age < 12) return 'child';
  return 'adult';
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Starts a local server on 127.0.0.1 that speaks the parts of Duffel's flight API the tool uses:
 * `POST /air/offer_requests` and `GET /air/offers/{id}`, with Duffel's headers, envelopes and
 * error bodies. Lap infants under 2 come back as `infant_without_seat`, ages 2 to 11 as
 * `child`, and everyone else as `adult`.
 */
export async function startDuffelStandIn(
  options: DuffelStandInOptions = {},
): Promise<DuffelStandIn> {
  const token = options.token ?? 'duffel_test_stand_in';
  const currency = options.currency ?? 'EUR';
  const failures = [...(options.failures ?? [])];
  const requests: RecordedDuffelRequest[] = [];
  const offersById = new Map<string, Record<string, unknown>>();
  let offerLifetimeMs = options.offerLifetimeMs ?? 30 * 60_000;
  let delayMs = options.delayMs ?? 0;
  const timers = new Set<NodeJS.Timeout>();

  function send(
    response: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) {
    const requestId = randomUUID().replace(/-/g, '').slice(0, 20);
    const resetAt = new Date(Date.now() + 60_000).toUTCString();
    response.writeHead(status, {
      'content-type': 'application/json',
      'x-request-id': requestId,
      'ratelimit-limit': '120',
      'ratelimit-remaining': '119',
      'ratelimit-reset': resetAt,
      ...headers,
    });
    const payload = typeof body === 'function' ? body(requestId) : body;
    response.end(JSON.stringify(payload));
  }

  function sendFailure(response: ServerResponse, failure: DuffelStandInFailure) {
    if (failure.html) {
      response.writeHead(failure.status, { 'content-type': 'text/html', ...failure.headers });
      response.end(`<html><body><h1>${failure.status} Bad Gateway</h1></body></html>`);
      return;
    }

    const headers: Record<string, string> = { ...failure.headers };
    if (failure.status === 429) {
      headers['ratelimit-remaining'] = '0';
      headers['ratelimit-reset'] ??= new Date(Date.now() + 1_000).toUTCString();
    }
    const errors = failure.errors ?? [defaultError(failure.status)];
    send(
      response,
      failure.status,
      (requestId: string) => errorBody(failure.status, requestId, errors),
      headers,
    );
  }

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const rawBody = await readBody(request);
    let body: any;
    try {
      body = rawBody ? JSON.parse(rawBody) : undefined;
    } catch {
      send(response, 400, (id: string) => errorBody(400, id, [defaultError(400)]));
      return;
    }
    requests.push({
      method: request.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: request.headers,
      body,
    });

    if (delayMs > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          timers.delete(timer);
          resolve();
        }, delayMs);
        timers.add(timer);
      });
    }
    if (response.destroyed) return;

    const authorization = request.headers.authorization;
    if (authorization !== `Bearer ${token}`) {
      const error = authorization
        ? // NOTE: Duffel's code for a wrong (rather than missing) token is not documented; this one is a guess.
          {
            ...defaultError(401),
            code: 'invalid_authorization_header',
            message: 'The access token is not valid.',
          }
        : defaultError(401);
      send(response, 401, (id: string) => errorBody(401, id, [error]));
      return;
    }
    if (!request.headers['duffel-version']) {
      send(response, 400, (id: string) =>
        errorBody(400, id, [
          { ...defaultError(400), message: 'The Duffel-Version header is missing.' },
        ]),
      );
      return;
    }

    const offerRequestPath = /^\/air\/offer_requests\/?$/;
    const offerPath = /^\/air\/offers\/([^/]+)$/;

    if (request.method === 'POST' && offerRequestPath.test(url.pathname)) {
      const failure = failures.shift();
      if (failure) {
        sendFailure(response, failure);
        return;
      }

      const data = body?.data;
      const problems = validateOfferRequest(data, new Date().toISOString().slice(0, 10));
      if (problems.length > 0) {
        send(response, 422, (id: string) => errorBody(422, id, problems));
        return;
      }

      const passengers = data.passengers.map((passenger: any) => ({
        id: `pas_${randomUUID().slice(0, 8)}`,
        type: passenger.type ?? passengerTypeForAge(passenger.age),
        age: passenger.age ?? null,
      }));
      const passengerIds = passengers.map((passenger: { id: string }) => passenger.id);
      const cabin = data.cabin_class ?? 'economy';
      const expiresAt = new Date(Date.now() + offerLifetimeMs).toISOString();

      const offers: unknown[] = OFFER_TEMPLATES.map((template, index) => {
        const offer = {
          id: `off_${randomUUID().replace(/-/g, '').slice(0, 20)}`,
          total_amount: template.amount,
          total_currency: currency,
          base_amount: template.amount,
          base_currency: currency,
          tax_amount: null,
          tax_currency: null,
          expires_at: expiresAt,
          live_mode: false,
          partial: false,
          owner: { id: 'arl_zz', name: 'Duffel Airways', iata_code: 'ZZ' },
          passengers,
          conditions: { refund_before_departure: null, change_before_departure: null },
          slices: data.slices.map((slice: any) =>
            buildSlice(slice, template, passengerIds, cabin, index),
          ),
        };
        offersById.set(offer.id, offer);
        return offer;
      });
      if (options.includeMalformedOffer) {
        offers.push({
          id: 'off_malformed',
          total_amount: '1.00',
          total_currency: currency,
          slices: [],
        });
      }

      send(response, 200, {
        data: {
          id: `orq_${randomUUID().replace(/-/g, '').slice(0, 20)}`,
          live_mode: false,
          created_at: new Date().toISOString(),
          cabin_class: cabin,
          slices: data.slices.map((slice: any) => ({
            ...slice,
            origin: airportFor(slice.origin),
            destination: airportFor(slice.destination),
            origin_type: 'airport',
            destination_type: 'airport',
          })),
          passengers,
          ...(url.searchParams.get('return_offers') === 'false' ? {} : { offers }),
        },
      });
      return;
    }

    const offerMatch = offerPath.exec(url.pathname);
    if (request.method === 'GET' && offerMatch) {
      const failure = failures.shift();
      if (failure) {
        sendFailure(response, failure);
        return;
      }
    }
    if (request.method === 'GET' && offerMatch && offersById.has(offerMatch[1])) {
      send(response, 200, { data: offersById.get(offerMatch[1]) });
      return;
    }

    send(response, 404, (id: string) => errorBody(404, id, [defaultError(404)]));
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) {
        send(response, 500, (id: string) =>
          errorBody(500, id, [{ ...defaultError(500), message: String(error) }]),
        );
      }
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    token,
    requests,
    failNext: (...next) => failures.push(...next),
    setDelay: (ms) => {
      delayMs = ms;
    },
    setOfferLifetime: (ms) => {
      offerLifetimeMs = ms;
    },
    setOfferPrice: (offerId, totalAmount) => {
      const offer = offersById.get(offerId);
      if (!offer) throw new Error(`The stand-in never returned offer ${offerId}.`);
      offer.total_amount = totalAmount;
      offer.base_amount = totalAmount;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
