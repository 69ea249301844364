/** Hotel chains and brands whose property names often contain a city ("Hyatt Place Washington DC"). */
const HOTEL_BRANDS = [
  'best western',
  'comfort inn',
  'courtyard',
  'crowne plaza',
  'doubletree',
  'embassy suites',
  'fairmont',
  'four seasons',
  'hampton inn',
  'hilton',
  'holiday inn',
  'homewood suites',
  'hotel',
  'hyatt',
  'ibis',
  'intercontinental',
  'kimpton',
  'marriott',
  'mercure',
  'novotel',
  'radisson',
  'residence inn',
  'ritz-carlton',
  'sheraton',
  'sofitel',
  'westin',
  'wyndham',
];

const BRAND = new RegExp(`\\b(${HOTEL_BRANDS.join('|')})\\b`, 'gi');

/** Words of a property name: capitalized or numbered, joined by spaces, hyphens, slashes or "&". */
const NAME_WORDS = /^(\s*[-/&]?\s*[A-Z0-9](?:[\w']|\.(?=\w))*(?:[-/][\w']+)*)+/;

/** A character range of the message. */
export interface TextSpan {
  start: number;
  end: number;
}

/**
 * Finds hotel property names: a brand followed by capitalized words ("Homewood Suites
 * Chicago-Downtown", "Hotel Ibis Paris Opera"). A city inside such a name is part of the name,
 * not the place to search. A brand alone ("a Hilton in Paris") is no span.
 */
export function findHotelNames(text: string): TextSpan[] {
  const spans: TextSpan[] = [];
  // Capital letters mark a name only when the message also has lower-case letters.
  if (!/[a-z]/.test(text)) return spans;
  for (const brand of text.matchAll(BRAND)) {
    const start = brand.index;
    const brandEnd = start + brand[0].length;
    // "hotel" in lower case is the common noun ("a hotel in Anaheim").
    if (brand[0] === 'hotel') continue;
    const rest = NAME_WORDS.exec(text.slice(brandEnd));
    if (!rest) continue;
    const end = brandEnd + rest[0].length;
    const previous = spans.at(-1);
    if (previous && previous.end >= start) previous.end = Math.max(end, previous.end);
    else spans.push({ start, end });
  }
  return spans;
}

/** Tells whether a range lies inside one of the spans. */
export function insideSpans(range: TextSpan, spans: TextSpan[]): boolean {
  return spans.some((span) => range.start >= span.start && range.end <= span.end);
}
