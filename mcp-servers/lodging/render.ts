import type { DetailsOutput, Offer, SearchOutput } from './schemas.js';

function describeOffer(offer: Offer): string {
  const parts = [
    `${offer.nightly_price} ${offer.currency}/night (${offer.total_price} total)`,
    offer.rating ? `${offer.rating} ${offer.rating === 1 ? 'star' : 'stars'}` : undefined,
    offer.review_score ? `reviews ${offer.review_score}/10` : undefined,
    offer.neighbourhood,
    offer.distance_km !== undefined ? `${offer.distance_km} km from centre` : undefined,
    offer.pets_allowed ? 'pets allowed' : undefined,
    offer.sample ? 'sample' : undefined,
  ];
  return `${offer.name} [${offer.id}]: ${parts.filter(Boolean).join(', ')}`;
}

/** Renders a search result as short text for clients that ignore structuredContent. */
export function renderSearch(result: SearchOutput): string {
  const { location } = result;
  const place = `${location.name}, ${location.country_name} (${location.latitude.toFixed(3)}, ${location.longitude.toFixed(3)})`;
  const header =
    `Stays in ${place} from ${result.check_in} to ${result.check_out} (${result.nights} nights): ` +
    `${result.total_results} matching, ${result.offers.length} shown.`;
  const lines = result.offers.map((offer, index) => `${index + 1}. ${describeOffer(offer)}`);
  const footer = result.next_cursor
    ? [`More results: call again with cursor "${result.next_cursor}".`]
    : [];
  return [header, ...lines, ...footer, ...result.notes].join('\n');
}

/** Renders accommodation details as short text for clients that ignore structuredContent. */
export function renderDetails(result: DetailsOutput): string {
  const { accommodation } = result;
  const rooms = accommodation.rooms.flatMap((room) =>
    room.rates.map(
      (rate) =>
        `- ${room.name}: ${rate.total_price} ${rate.currency} total, ${rate.board_type ?? 'board unknown'}, ` +
        `${rate.refundable ? 'refundable' : 'non-refundable'} [${rate.id}]`,
    ),
  );
  return [
    describeOffer(accommodation),
    accommodation.description,
    `${result.check_in} to ${result.check_out} (${result.nights} nights)`,
    ...rooms,
  ]
    .filter(Boolean)
    .join('\n');
}
