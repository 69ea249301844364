import { daysBetween } from './local-time.js';
import type {
  FlightOffer,
  FlightSearchResult,
  FlightSlice,
  ResolvedPlaceSummary,
} from './types.js';

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function formatDay(localIso: string): string {
  const date = new Date(`${localIso.slice(0, 10)}T00:00:00Z`);
  return `${WEEKDAYS[date.getUTCDay()]} ${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]}`;
}

function formatDuration(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `${hours}h` : `${hours}h${String(rest).padStart(2, '0')}`;
}

function formatPlace(place: ResolvedPlaceSummary): string {
  return `${place.name} (${place.codes.join(', ')})`;
}

function formatAmount(offer: FlightOffer): string {
  const digits = Number.isInteger(offer.totalAmount) ? 0 : 2;
  return `${offer.totalAmount.toFixed(digits)} ${offer.currency}`;
}

/** Formats one direction as a line: day, route with local times, stops, total time and flights. */
function formatSlice(label: string, slice: FlightSlice): string {
  const first = slice.segments[0];
  const last = slice.segments[slice.segments.length - 1];
  const daysLater = daysBetween(first.departLocal.slice(0, 10), last.arriveLocal.slice(0, 10));
  const arrival = `${last.arriveLocal.slice(11, 16)}${daysLater > 0 ? ` (+${daysLater})` : ''}`;
  const via = slice.segments.slice(1).map((segment) => segment.origin);
  const stops =
    slice.stops === 0
      ? 'direct'
      : `${slice.stops} stop${slice.stops > 1 ? 's' : ''} via ${via.join(', ')}`;
  const flights = slice.segments.map((segment) => segment.flightNumber).join(' + ');

  return `   ${label} ${formatDay(first.departLocal)}: ${first.origin} ${first.departLocal.slice(11, 16)} → ${last.destination} ${arrival}, ${stops}, ${formatDuration(slice.durationMinutes)}, ${flights} (${first.carrier.name})`;
}

/** Shortens offers for a model or a reply: the cheapest few with the fields that matter. */
export function summarizeOffers(result: FlightSearchResult, limit: number = 5): string {
  const route = `${formatPlace(result.origin)} to ${formatPlace(result.destination)}`;
  const label = result.sample
    ? 'Sample fares (invented offline for illustration, not bookable)'
    : 'Flight offers';

  if (result.offers.length === 0) {
    return `${label} from ${route}: none found. Try other dates, allow more connections, or raise the budget.`;
  }

  const shown = result.offers.slice(0, Math.max(1, limit));
  const lines = [
    `${label} from ${route}: ${result.offers.length} found, cheapest ${shown.length} shown, prices for all travellers.`,
  ];

  shown.forEach((offer, index) => {
    const extras = [offer.cabin.replace('_', ' '), offer.baggage].filter(Boolean).join(', ');
    lines.push(`${index + 1}. ${formatAmount(offer)}, ${extras}`);
    offer.slices.forEach((slice, sliceIndex) => {
      lines.push(formatSlice(sliceIndex === 0 ? 'Out' : 'Back', slice));
    });
  });

  if (result.expiresAt && !result.sample) {
    lines.push(`Prices are held until ${result.expiresAt.slice(0, 16).replace('T', ' ')} UTC.`);
  }
  return lines.join('\n');
}
