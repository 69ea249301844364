import type { StayOffer } from './types.js';

/*
 * Reads offers out of a text-only tool result, for third-party servers that send no
 * structuredContent and no JSON. Each line that names a price becomes one offer, as in
 * "1. Casa Azul (id: lis-7) - €95 per night, 4.5 stars". A price is per night when the line marks it ("per night", "/night", "nightly"); otherwise it is taken as the total for the stay.
 */

// NOTE: "$" and "¥" are read as USD and JPY, though other dollars and the yuan share them.
const CURRENCY_SYMBOLS: Record<string, string> = { '€': 'EUR', '£': 'GBP', $: 'USD', '¥': 'JPY' };
const AMOUNT = String.raw`(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?`;
const SYMBOL_PRICE = new RegExp(String.raw`([€£$¥])\s?${AMOUNT}`);
const CODE_AFTER_PRICE = new RegExp(String.raw`${AMOUNT}\s?([A-Z]{3})\b`);
const CODE_BEFORE_PRICE = new RegExp(String.raw`\b([A-Z]{3})\s?${AMOUNT}`);
const PER_NIGHT = /(per|a|\/)\s?night|nightly/i;
const ID_MARK = /\(?\bid:\s*([\w.:-]+)\)?/i;
const STARS = /(\d(?:\.\d)?)\s*(?:-\s*)?(?:stars?|★)/i;
const LIST_MARKER = /^\s*(?:\d+[.)]|[-*•])\s+/;

interface FoundPrice {
  amount: number;
  currency: string;
  index: number;
}

function toAmount(whole: string, cents: string | undefined): number {
  return Number(`${whole.replace(/,/g, '')}.${cents ?? '0'}`);
}

function findPrice(line: string): FoundPrice | undefined {
  const symbol = SYMBOL_PRICE.exec(line);
  if (symbol) {
    return {
      amount: toAmount(symbol[2]!, symbol[3]),
      currency: CURRENCY_SYMBOLS[symbol[1]!]!,
      index: symbol.index,
    };
  }
  const after = CODE_AFTER_PRICE.exec(line);
  if (after) {
    return { amount: toAmount(after[1]!, after[2]), currency: after[3]!, index: after.index };
  }
  const before = CODE_BEFORE_PRICE.exec(line);
  if (before) {
    return { amount: toAmount(before[2]!, before[3]), currency: before[1]!, index: before.index };
  }
  return undefined;
}

/** Cleans the text before the price into a name: no list marker, id mark, markdown or dashes. */
function readName(line: string, priceIndex: number): string {
  return line
    .slice(0, priceIndex)
    .replace(LIST_MARKER, '')
    .replace(ID_MARK, '')
    .replace(/[*_`]/g, '')
    .replace(/[\s:,;–—-]+$/u, '')
    .trim();
}

/**
 * Extracts offers from prose, one per line that names a price. Returns an empty list when no line
 * does; ids missing from the text are made from the server name and the line number.
 */
export function readOffersFromText(
  text: string,
  options: { server: string; nights: number },
): StayOffer[] {
  const offers: StayOffer[] = [];
  const lines = text.split('\n');
  lines.forEach((line, lineIndex) => {
    const price = findPrice(line);
    if (!price) return;
    const name = readName(line, price.index);
    if (name === '') return;

    const perNight = PER_NIGHT.test(line.slice(price.index));
    const nightlyPrice = perNight ? price.amount : round(price.amount / options.nights);
    const stars = STARS.exec(line);
    offers.push({
      id: ID_MARK.exec(line)?.[1] ?? `${options.server}-line-${lineIndex + 1}`,
      name,
      nightlyPrice,
      totalPrice: perNight ? round(price.amount * options.nights) : price.amount,
      currency: price.currency,
      petsAllowed: /pets? (allowed|welcome|friendly)/i.test(line),
      rating: stars && Number(stars[1]) <= 5 ? Number(stars[1]) : undefined,
      amenities: [],
      sample: false,
      provider: options.server,
    });
  });
  return offers;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
