import type { RecalledNote } from '../../agent/state.js';
import { wrapUntrusted, type DestinationResult } from '../../tools/destination/index.js';
import { summarizeOffers, type FlightSearchResult } from '../../tools/flights/index.js';
import type { StaySearchResult } from '../../tools/lodging/index.js';

/** Stays listed in the text rendering; the structured result carries all of them. */
const STAYS_SHOWN = 5;

/** Renders a flight search for the calling model: the cheapest offers, one line per flight. */
export function renderFlights(result: FlightSearchResult): string {
  return summarizeOffers(result, 5);
}

/** Renders a stay search: the place understood, then the cheapest stays. */
export function renderStays(result: StaySearchResult): string {
  const label = result.sample
    ? 'Sample stays (invented offline for illustration, not bookable)'
    : 'Stays';
  const place = result.location.name;
  if (result.offers.length === 0) {
    return [
      `${label} in ${place}: none found. Try other dates or a higher budget.`,
      ...result.notes,
    ].join('\n');
  }

  const shown = result.offers.slice(0, STAYS_SHOWN);
  const total = result.totalResults ?? result.offers.length;
  const lines = [`${label} in ${place}: ${total} found, cheapest ${shown.length} shown.`];
  shown.forEach((offer, index) => {
    const rating = offer.reviewScore !== undefined ? `, review score ${offer.reviewScore}` : '';
    const area = offer.neighbourhood ? ` (${offer.neighbourhood})` : '';
    lines.push(
      `${index + 1}. ${offer.name}${area}: ${offer.nightlyPrice} ${offer.currency} a night, ` +
        `${offer.totalPrice} ${offer.currency} in total${rating}. id ${offer.id}`,
    );
  });
  lines.push(...result.notes);
  return lines.join('\n');
}

/** Renders destination facts, then page passages wrapped as untrusted content. */
export function renderDestination(result: DestinationResult): string {
  const lines: string[] = [];
  if (result.place) {
    const country = result.place.country ? `, ${result.place.country}` : '';
    lines.push(`${result.place.name}${country}`);
  }
  for (const fact of result.facts) lines.push(`- ${fact.label}: ${fact.value}`);
  if (result.offline) lines.push('No web page was read; these are offline facts only.');
  lines.push(...result.notes);

  const excerpts = wrapUntrusted(result.passages);
  if (excerpts !== '') lines.push('', excerpts);
  return lines.join('\n');
}

/** Renders recalled memories, one per line with its id so it can be referred to. */
export function renderMemories(memories: RecalledNote[], query: string | undefined): string {
  if (memories.length === 0) {
    return query ? `Nothing remembered about "${query}".` : 'Nothing remembered yet.';
  }
  const heading = query ? `Memories about "${query}":` : 'Everything remembered:';
  return [heading, ...memories.map((note) => `- [${note.kind}/${note.topic}] ${note.text}`)].join(
    '\n',
  );
}
