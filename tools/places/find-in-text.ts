import { COMMON_WORDS, TRAVEL_PREPOSITIONS } from './aliases.js';
import { fuzzyNames, getNameIndex, MIN_FUZZY_LENGTH, type NameIndex } from './name-index.js';
import { normalizeName } from './normalize.js';
import { codeMatches, nameMatches } from './resolve.js';
import type { PlaceMatch } from './types.js';

/** A place mention: character offsets into the text, the text itself, and its best reading. */
export interface PlaceMention {
  start: number;
  end: number;
  text: string;
  match: PlaceMatch;
}

interface Token {
  start: number;
  end: number;
  text: string;
  lower: string;
}

/** Words before an infinitive "to" ("want to change"), after which no typo is read as a place. */
const INFINITIVE_BEFORE_TO: ReadonlySet<string> = new Set(
  'want wants wanted like need needs have has going able try trying plan planning hope would love prefer'.split(
    ' ',
  ),
);

/** Maximum words in one place name ("Washington, D.C." is three tokens). */
const MAX_SPAN_TOKENS = 5;
/** Cities this small need a capital letter or a travel preposition to be found in free text. */
const MIN_FREE_TEXT_POPULATION = 50_000;
/** Tokens may be joined by spaces, hyphens, dots, apostrophes and one comma ("Washington, D.C."). */
const JOINER = /^[\s\-.'’]*,?[\s\-.'’]*$/;

/** Finds place mentions in free text, for the classifier (longest match, case-insensitive, typo-tolerant for words of 5+ letters). */
export function findPlacesInText(text: string): PlaceMention[] {
  if (typeof text !== 'string' || text.length === 0) return [];
  const index = getNameIndex();
  const tokens = tokenize(text);
  const mentions: PlaceMention[] = [];

  let i = 0;
  while (i < tokens.length) {
    const found = longestMatchAt(index, text, tokens, i);
    if (found) {
      mentions.push(found.mention);
      i += found.tokenCount;
    } else {
      i += 1;
    }
  }
  return mentions;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    const start = match.index ?? 0;
    tokens.push({
      start,
      end: start + match[0].length,
      text: match[0],
      lower: match[0].toLowerCase(),
    });
  }
  return tokens;
}

function longestMatchAt(
  index: NameIndex,
  text: string,
  tokens: Token[],
  first: number,
): { mention: PlaceMention; tokenCount: number } | undefined {
  const previous = first > 0 ? tokens[first - 1].lower : undefined;
  const afterPreposition = previous !== undefined && TRAVEL_PREPOSITIONS.has(previous);
  // "want to change" uses "to" before a verb, so it gives no licence for typo matching.
  const infinitive =
    previous === 'to' && first > 1 && INFINITIVE_BEFORE_TO.has(tokens[first - 2].lower);

  for (let count = Math.min(MAX_SPAN_TOKENS, tokens.length - first); count >= 1; count--) {
    const last = tokens[first + count - 1];
    if (!joinedByNameGaps(text, tokens, first, count)) continue;
    const spanText = text.slice(tokens[first].start, last.end);
    const key = normalizeName(spanText);
    const next = tokens[first + count]?.lower;
    const context = {
      spanText,
      key,
      afterPreposition,
      fuzzyAllowed: afterPreposition ? !infinitive : !isSentenceStart(text, tokens[first].start),
      next,
      sentenceStart: isSentenceStart(text, tokens[first].start),
      // In a message of several words without a lower-case letter, capitals mark nothing.
      shouted: tokens.length > 1 && !/\p{Ll}/u.test(text),
    };

    const match =
      pickExact(index, context, count) ?? (count <= 3 ? pickFuzzy(index, context) : undefined);
    if (match) {
      return {
        mention: { start: tokens[first].start, end: last.end, text: spanText, match },
        tokenCount: count,
      };
    }
  }
  return undefined;
}

interface SpanContext {
  spanText: string;
  key: string;
  afterPreposition: boolean;
  /** False at a sentence start and after an infinitive "to", where a capital or "to" is no evidence of a place. */
  fuzzyAllowed: boolean;
  next: string | undefined;
  sentenceStart: boolean;
  shouted: boolean;
}

function pickExact(
  index: NameIndex,
  context: SpanContext,
  tokenCount: number,
): PlaceMatch | undefined {
  const { spanText, key } = context;
  const capitalised = /^\p{Lu}/u.test(spanText) && !context.sentenceStart;
  const upper =
    spanText.length <= 4 && spanText === spanText.toUpperCase() && /\p{Lu}/u.test(spanText);
  // Short lower-case tokens ("la", "sfo") read as places only in a route ("from la to sfo").
  const routeContext =
    context.afterPreposition || context.next === 'to' || context.next === 'airport';

  if (
    tokenCount === 1 &&
    COMMON_WORDS.has(key) &&
    !capitalised &&
    !upper &&
    !context.afterPreposition
  ) {
    return undefined;
  }
  if (key === 'us' && spanText !== 'US') return undefined;
  if (key.length <= 3 && !upper && !routeContext) return undefined;

  const names = nameMatches(index, key, spanText);
  const codes =
    key.length === 3 &&
    (upper || routeContext) &&
    (!COMMON_WORDS.has(key) || (upper && !context.shouted))
      ? codeMatches(index, spanText)
      : [];
  // An upper-case three-letter token is an IATA code ("MAN" is Manchester's airport, not the
  // town of Man), unless it also names a country ("USA").
  const preferCodes = upper && codes.length > 0 && !names.some((match) => match.kind === 'country');
  const candidates = (preferCodes ? codes : [...names, ...codes]).filter(
    (match) => isNotable(match) || capitalised || context.afterPreposition,
  );
  return best(candidates);
}

function pickFuzzy(index: NameIndex, context: SpanContext): PlaceMatch | undefined {
  const { spanText, key } = context;
  if (key.replace(/ /g, '').length < MIN_FUZZY_LENGTH || COMMON_WORDS.has(key)) return undefined;
  // A lower-case typo may be any English word ("parks" is one edit from "paris"), so typo
  // tolerance needs a capital letter or a travel preposition.
  if (!/^\p{Lu}/u.test(spanText) && !context.afterPreposition) return undefined;
  if (!context.fuzzyAllowed) return undefined;

  const candidates: PlaceMatch[] = [];
  for (const { name } of fuzzyNames(index, key)) {
    for (const match of nameMatches(index, name, spanText)) {
      if (isNotable(match))
        candidates.push({ ...match, score: Math.round(match.score * 800) / 1000 });
    }
  }
  return best(candidates);
}

function isNotable(match: PlaceMatch): boolean {
  if (match.kind !== 'city') return true;
  return match.city.airports.length > 0 || match.city.population >= MIN_FREE_TEXT_POPULATION;
}

function best(matches: PlaceMatch[]): PlaceMatch | undefined {
  let top: PlaceMatch | undefined;
  for (const match of matches) {
    if (!top || match.score > top.score || (match.score === top.score && prefer(match, top)))
      top = match;
  }
  return top;
}

function prefer(a: PlaceMatch, b: PlaceMatch): boolean {
  if (a.kind === 'city' && b.kind === 'city') {
    const aServed = a.city.airports.length > 0;
    const bServed = b.city.airports.length > 0;
    if (aServed !== bServed) return aServed;
    return a.city.population > b.city.population;
  }
  return a.kind === 'country' && b.kind !== 'country';
}

function joinedByNameGaps(text: string, tokens: Token[], first: number, count: number): boolean {
  for (let k = first + 1; k < first + count; k++) {
    if (!JOINER.test(text.slice(tokens[k - 1].end, tokens[k].start))) return false;
  }
  return true;
}

function isSentenceStart(text: string, offset: number): boolean {
  return /(^|[.!?]\s*)["'(]?\s*$/.test(text.slice(Math.max(0, offset - 4), offset)) || offset === 0;
}
