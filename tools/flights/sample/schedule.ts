import { distanceKm } from '../../places/index.js';
import type { Airport } from '../../places/index.js';

import { localIsoToUtc, toLocalIso } from '../local-time.js';
import type { FlightSegment, FlightSlice } from '../types.js';
import type { Routing } from './routings.js';
import { hashText, pickInteger, seededRandom } from './seeded-random.js';

/** Typical cruise speed of a jet airliner in km/h (A320 and 787 cruise at 830 to 900). */
const CRUISE_KMH = 840;
/** Taxi out, climb, descent and taxi in add about 40 minutes to the time at cruise speed. */
const GROUND_AND_CLIMB_MINUTES = 40;
/** Jet streams blow west to east, so eastbound flights are faster than westbound ones. */
const EASTBOUND_WIND_FACTOR = 0.95;
const WESTBOUND_WIND_FACTOR = 1.07;
const MIN_CONNECTION_MINUTES = 60;
const MAX_CONNECTION_MINUTES = 175;

/** Estimates a flight's block time in minutes, rounded up to 5 as timetables do. */
export function blockMinutes(from: Airport, to: Airport): number {
  const longitudeChange = ((to.lon - from.lon + 540) % 360) - 180;
  const wind = longitudeChange >= 0 ? EASTBOUND_WIND_FACTOR : WESTBOUND_WIND_FACTOR;
  const airborne = (distanceKm(from, to) / CRUISE_KMH) * 60 * wind;
  return Math.ceil((GROUND_AND_CLIMB_MINUTES + airborne) / 5) * 5;
}

/** Derives a flight number from the route, as real ones stay with a route; the two daily variants differ. */
function flightNumber(routing: Routing, from: Airport, to: Airport): string {
  const seed = hashText(`${routing.carrier.iata}|${from.iata}|${to.iata}|${routing.variant}`);
  const number = routing.carrier.lowCost ? 1000 + (seed % 9000) : 1 + (seed % 1999);
  return `${routing.carrier.iata}${number}`;
}

function clockTime(minutesAfterMidnight: number): string {
  const hours = String(Math.floor(minutesAfterMidnight / 60)).padStart(2, '0');
  const minutes = String(minutesAfterMidnight % 60).padStart(2, '0');
  return `${hours}:${minutes}:00`;
}

/**
 * Schedules one direction of a routing on a date. The first flight leaves at a seeded local time,
 * in the morning for variant 0 and later in the day for variant 1. Each later flight leaves after
 * a connection of one to three hours, and every time is local to its airport.
 */
export function scheduleSlice(routing: Routing, departDate: string): FlightSlice {
  const random = seededRandom(
    `${routing.carrier.iata}|${routing.airports.map((airport) => airport.iata).join('-')}|${departDate}|${routing.variant}`,
  );
  const firstDeparture =
    routing.variant === 0 ? pickInteger(random, 72, 155) * 5 : pickInteger(random, 156, 263) * 5;

  const first = routing.airports[0];
  let departUtc = localIsoToUtc(`${departDate}T${clockTime(firstDeparture)}`, first.timeZone);
  const segments: FlightSegment[] = [];

  for (let leg = 0; leg < routing.airports.length - 1; leg++) {
    const from = routing.airports[leg];
    const to = routing.airports[leg + 1];
    const durationMinutes = blockMinutes(from, to);
    const arriveUtc = departUtc + durationMinutes * 60_000;

    segments.push({
      carrier: { iata: routing.carrier.iata, name: routing.carrier.name },
      flightNumber: flightNumber(routing, from, to),
      origin: from.iata,
      destination: to.iata,
      departLocal: toLocalIso(departUtc, from.timeZone),
      arriveLocal: toLocalIso(arriveUtc, to.timeZone),
      durationMinutes,
    });

    const connectionMinutes =
      pickInteger(random, MIN_CONNECTION_MINUTES / 5, MAX_CONNECTION_MINUTES / 5) * 5;
    departUtc = arriveUtc + connectionMinutes * 60_000;
  }

  const last = segments[segments.length - 1];
  const lastAirport = routing.airports[routing.airports.length - 1];
  const sliceMinutes =
    (localIsoToUtc(last.arriveLocal, lastAirport.timeZone) -
      localIsoToUtc(segments[0].departLocal, first.timeZone)) /
    60_000;

  return {
    origin: first.iata,
    destination: lastAirport.iata,
    segments,
    durationMinutes: Math.round(sliceMinutes),
    stops: segments.length - 1,
  };
}
