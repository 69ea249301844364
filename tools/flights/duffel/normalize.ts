import { z } from 'zod';

import { getAirport } from '../../places/index.js';
import { localIsoToUtc } from '../local-time.js';
import type { FlightOffer, FlightSegment, FlightSlice } from '../types.js';

// Only the fields the agent reads; the API sends many more and adds fields over time.
const wireAirport = z.object({
  iata_code: z.string(),
  time_zone: z.string().nullish(),
});

const wireCarrier = z.object({
  iata_code: z.string().nullish(),
  name: z.string(),
});

const wireBaggage = z.object({ type: z.string(), quantity: z.number() });

const wireSegment = z.object({
  origin: wireAirport,
  destination: wireAirport,
  departing_at: z.string(),
  arriving_at: z.string(),
  duration: z.string().nullish(),
  marketing_carrier: wireCarrier,
  marketing_carrier_flight_number: z.string(),
  passengers: z
    .array(
      z.object({
        cabin_class: z.string().nullish(),
        baggages: z.array(wireBaggage).nullish(),
      }),
    )
    .nullish(),
});

const wireSlice = z.object({
  origin: wireAirport,
  destination: wireAirport,
  duration: z.string().nullish(),
  segments: z.array(wireSegment).min(1),
});

const wireOffer = z.object({
  id: z.string(),
  total_amount: z.string(),
  total_currency: z.string(),
  expires_at: z.string().nullish(),
  slices: z.array(wireSlice).min(1),
});

type WireAirport = z.infer<typeof wireAirport>;
type WireSegment = z.infer<typeof wireSegment>;
type WireSlice = z.infer<typeof wireSlice>;

const ISO_DURATION = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** Parses an ISO 8601 duration such as `PT2H50M`, `PT02H50M` or `P1DT2H` into minutes. */
export function parseIsoDurationMinutes(duration: string): number | undefined {
  const match = ISO_DURATION.exec(duration);
  if (!match || duration === 'P' || duration.endsWith('T')) return undefined;

  const [, days, hours, minutes, seconds] = match;
  return (
    Number(days ?? 0) * 1440 +
    Number(hours ?? 0) * 60 +
    Number(minutes ?? 0) +
    Math.round(Number(seconds ?? 0) / 60)
  );
}

/** Duffel sends local times without offset; some samples omit the seconds. */
function toLocalDateTime(value: string): string {
  const trimmed = value.slice(0, 19);
  return trimmed.length === 16 ? `${trimmed}:00` : trimmed;
}

function timeZoneOf(airport: WireAirport): string | undefined {
  return airport.time_zone ?? getAirport(airport.iata_code)?.timeZone;
}

/**
 * Computes minutes between two local times in their airports' zones. An airport whose zone is
 * unknown is read as UTC, which puts the result off by that airport's UTC offset.
 */
function minutesBetween(
  departLocal: string,
  from: WireAirport,
  arriveLocal: string,
  to: WireAirport,
): number {
  const fromZone = timeZoneOf(from) ?? 'UTC';
  const toZone = timeZoneOf(to) ?? 'UTC';
  return Math.round(
    (localIsoToUtc(arriveLocal, toZone) - localIsoToUtc(departLocal, fromZone)) / 60_000,
  );
}

function normalizeSegment(segment: WireSegment): FlightSegment {
  const departLocal = toLocalDateTime(segment.departing_at);
  const arriveLocal = toLocalDateTime(segment.arriving_at);
  const carrierCode = segment.marketing_carrier.iata_code ?? '';

  return {
    carrier: { iata: carrierCode, name: segment.marketing_carrier.name },
    flightNumber: `${carrierCode}${segment.marketing_carrier_flight_number}`,
    origin: segment.origin.iata_code,
    destination: segment.destination.iata_code,
    departLocal,
    arriveLocal,
    durationMinutes:
      (segment.duration ? parseIsoDurationMinutes(segment.duration) : undefined) ??
      minutesBetween(departLocal, segment.origin, arriveLocal, segment.destination),
  };
}

function normalizeSlice(slice: WireSlice): FlightSlice {
  const segments = slice.segments.map(normalizeSegment);
  const first = slice.segments[0];
  const last = slice.segments[slice.segments.length - 1];

  return {
    origin: first.origin.iata_code,
    destination: last.destination.iata_code,
    segments,
    durationMinutes:
      (slice.duration ? parseIsoDurationMinutes(slice.duration) : undefined) ??
      minutesBetween(
        segments[0].departLocal,
        first.origin,
        segments[segments.length - 1].arriveLocal,
        last.destination,
      ),
    stops: segments.length - 1,
  };
}

function describeBaggage(segment: WireSegment): string | undefined {
  const baggages = segment.passengers?.[0]?.baggages;
  if (!baggages) return undefined;

  const count = (type: string) =>
    baggages.filter((bag) => bag.type === type).reduce((sum, bag) => sum + bag.quantity, 0);
  const carryOn = count('carry_on');
  const checked = count('checked');
  const carryOnText = carryOn > 0 ? `${carryOn} carry-on` : 'no carry-on';
  const checkedText =
    checked === 0 ? 'no checked bag' : `${checked} checked ${checked === 1 ? 'bag' : 'bags'}`;
  return `${carryOnText}, ${checkedText}`;
}

/** The outcome of reading an offer list: offers the agent can show and how many were unreadable. */
export interface NormalizedOffers {
  offers: FlightOffer[];
  skipped: number;
  /** The first reason an offer was skipped, for the log. */
  firstProblem?: string;
}

/**
 * Converts Duffel offers to the tool's shape. An offer missing a required field is skipped
 * instead of failing the search, so one malformed airline offer does not hide the others.
 */
export function normalizeDuffelOffers(
  rawOffers: unknown,
  requestedCabin: string,
): NormalizedOffers {
  const list = Array.isArray(rawOffers) ? rawOffers : [];
  const offers: FlightOffer[] = [];
  let skipped = 0;
  let firstProblem: string | undefined;

  for (const raw of list) {
    const parsed = wireOffer.safeParse(raw);
    const amount = parsed.success ? Number(parsed.data.total_amount) : Number.NaN;
    if (!parsed.success || !Number.isFinite(amount)) {
      skipped++;
      firstProblem ??= parsed.success
        ? `total_amount "${parsed.data.total_amount}" is not a number`
        : parsed.error.issues[0].path.join('.') + ': ' + parsed.error.issues[0].message;
      continue;
    }

    const offer = parsed.data;
    const firstSegment = offer.slices[0].segments[0];
    offers.push({
      id: offer.id,
      totalAmount: amount,
      currency: offer.total_currency,
      slices: offer.slices.map(normalizeSlice),
      cabin: firstSegment.passengers?.[0]?.cabin_class ?? requestedCabin,
      baggage: describeBaggage(firstSegment),
      expiresAt: offer.expires_at ?? undefined,
      sample: false,
      provider: 'duffel',
    });
  }

  return { offers, skipped, firstProblem };
}
