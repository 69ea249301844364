import { COUNT_PATTERN, parseCount } from './numbers.js';
import type { Slots } from './types.js';

/** Travellers by age group, each absent when the text gives no number. */
export interface PartySize {
  adults?: number;
  children?: number;
  /** Ages 2 to 17 of the children whose age the text gives, in the order written. */
  children_ages?: number[];
  infants?: number;
}

const count = `(${COUNT_PATTERN})`;

const AGE =
  '(\\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen)';
/** "15-year-old", "15 year olds", "5yo", "5 y.o.". */
const YEARS_OLD = new RegExp(
  `\\b${AGE}[- ]?(?:years?|yrs?)[- ]?olds?\\b|\\b(\\d{1,2}) ?y\\.?o\\b\\.?`,
  'g',
);
/** "9-month-old": always a lap infant. */
const MONTHS_OLD = new RegExp(`\\b${AGE}[- ]?months?[- ]?olds?\\b`, 'g');
/** "aged 5 and 8", "ages 4, 9 and 12". */
const AGED_LIST = /\b(?:aged?|ages)\s+(\d{1,2}(?:\s*(?:,|and|&)\s*\d{1,2})*)\b/g;

/** The speaker counting themselves in: "for me, ...", "me and my wife", "my wife and I". */
const SELF_IN_PARTY =
  /\b(?:for|with|just|only|both)\s+(?:me|myself)\b|\bme\s*(?:,|and|&|\+)|\b(?:and|&)\s+(?:me|myself|i)\b|\bi and my\b/;
/** Relations named as travelling adults, each one person. */
const ADULT_RELATION =
  /\b(?:my|our)\s+(?:wife|husband|partner|spouse|girlfriend|boyfriend|fianc[eé]e?|mother|father|mom|mum|dad|mother-in-law|father-in-law|friend|colleague|boss)\b/g;
const PARENTS = /\b(?:my|our)\s+(?:parents|grandparents)\b/g;

interface StatedAges {
  /** Ages 2 to 17, in the order written. */
  children: number[];
  /** Travellers stated to be under 2. */
  infants: number;
  /** Travellers stated to be 18 or over. */
  adults: number;
}

/** Reads the ages the text gives for individual travellers. */
function extractAges(lower: string): StatedAges {
  const ages: number[] = [];
  for (const match of lower.matchAll(AGED_LIST)) {
    ages.push(...match[1].split(/\s*(?:,|and|&)\s*/).map(Number));
  }
  // "aged 5 and 8" already counted those children; "a 5-year-old" names one more.
  const listed = lower.replace(AGED_LIST, ' ');
  for (const match of listed.matchAll(YEARS_OLD)) {
    const age = parseCount(match[1] ?? match[2]);
    if (age !== undefined) ages.push(age);
  }

  const monthsOld = [...lower.matchAll(MONTHS_OLD)].length;
  return {
    children: ages.filter((age) => age >= 2 && age < 18),
    infants: ages.filter((age) => age < 2).length + monthsOld,
    adults: ages.filter((age) => age >= 18 && age <= 120).length,
  };
}

/**
 * Counts adults in a list of people such as "me, my wife and our 5-year-old": the speaker, each
 * adult relation and each age of 18 or more. Undefined unless the speaker is in the list, because
 * "flights for my wife" may not include the one asking.
 */
function countListedAdults(lower: string, ages: StatedAges): number | undefined {
  if (!SELF_IN_PARTY.test(lower)) return undefined;
  const relations = [...lower.matchAll(ADULT_RELATION)].length;
  const parents = [...lower.matchAll(PARENTS)].length * 2;
  if (relations + parents + ages.adults === 0 && ages.children.length + ages.infants === 0) {
    return undefined;
  }
  return 1 + relations + parents + ages.adults;
}

/** Reads how many adults, children and infants travel. Dates should be masked out first. */
export function extractParty(lower: string): PartySize {
  const party: PartySize = {};
  const first = (pattern: RegExp) => {
    const match = pattern.exec(lower);
    return match ? parseCount(match[1]) : undefined;
  };

  party.adults = first(new RegExp(`\\b${count}\\s+(?:adults?|grown[- ]?ups)\\b`));
  party.children = first(
    new RegExp(`\\b${count}\\s+(?:kids?|children|child|minors?|teenagers?)\\b`),
  );
  party.infants = first(
    new RegExp(`\\b${count}\\s+(?:infants?|bab(?:y|ies)|toddlers?|lap child)\\b`),
  );
  party.adults ??= first(
    new RegExp(
      `\\b${count}\\s+(?:people|persons?|guests?|travell?ers?|passengers?|tickets?|seats?|individuals|pax|of us)\\b`,
    ),
  );
  party.adults ??= first(new RegExp(`\\b(?:group|party|family) of\\s+${count}\\b`));
  party.adults ??= first(
    new RegExp(
      `\\bfor\\s+(?:the\\s+)?${count}(?:\\s+of us)?\\s*(?:$|[,.;!?]|\\b(?:and|with|from|in|at|on|to|please)\\b)`,
    ),
  );

  const ages = extractAges(lower);
  if (ages.children.length > 0) {
    party.children_ages = ages.children;
    party.children ??= ages.children.length;
  }
  if (ages.infants > 0) party.infants = Math.max(party.infants ?? 0, ages.infants);
  party.adults ??= countListedAdults(lower, ages);

  // "me and my two kids" is one adult; the children are counted above.
  if (
    party.adults === undefined &&
    /\b(me|i) and my (\w+ )?(kids?|children|sons?|daughters?|baby|toddler)\b/.test(lower)
  ) {
    party.adults = 1;
  }
  if (party.adults === undefined) {
    if (
      /\b(me and my|my (wife|husband|partner|boyfriend|girlfriend|friend) and i|for a couple|for two|the two of us|both of us|for a pair)\b/.test(
        lower,
      )
    ) {
      party.adults = 2;
    } else if (
      /\b(just me|only me|by myself|alone|solo|single person|one person|for myself|just myself|single traveller|single traveler)\b/.test(
        lower,
      )
    ) {
      party.adults = 1;
    }
  }
  return Object.fromEntries(
    Object.entries(party).filter(([, value]) =>
      Array.isArray(value) ? value.length > 0 : value !== undefined && value > 0 && value <= 30,
    ),
  ) as PartySize;
}

/** Reads the cabin class the user asks for. */
export function extractCabin(lower: string): Slots['cabin'] {
  if (/\bpremium[- ]economy\b/.test(lower)) return 'premium_economy';
  if (/\bfirst[- ]class\b|\bin first\b/.test(lower)) return 'first';
  if (
    /\bbusiness[- ](class|seats?|cabin)\b|\b(in|fly|flying|make it|upgrade to) business\b/.test(
      lower,
    )
  ) {
    return 'business';
  }
  if (/\b(economy|coach)\b/.test(lower)) return 'economy';
  return undefined;
}

const CURRENCY_WORDS: Record<string, string> = {
  $: 'USD',
  us$: 'USD',
  dollars: 'USD',
  dollar: 'USD',
  bucks: 'USD',
  usd: 'USD',
  '€': 'EUR',
  euro: 'EUR',
  euros: 'EUR',
  eur: 'EUR',
  '£': 'GBP',
  pounds: 'GBP',
  pound: 'GBP',
  quid: 'GBP',
  gbp: 'GBP',
  '¥': 'JPY',
  yen: 'JPY',
  jpy: 'JPY',
  chf: 'CHF',
  francs: 'CHF',
  cad: 'CAD',
  aud: 'AUD',
};

const PRICE_PATTERN =
  /\b(?:under|below|less than|max(?:imum)?(?: of)?|at most|up to|no more than|not more than|budget(?: of| is| set at| is set at| allows us to spend up to)?|cheaper than|within|for less than|tops)\s*(?:about|around|approximately)?\s*(us\$|[$€£¥]|usd|eur|gbp|jpy|chf|cad|aud)?\s*(\d[\d,]*(?:\.\d+)?)\s*(k\b)?\s*(dollars?|bucks|euros?|pounds?|quid|yen|usd|eur|gbp|jpy|chf|cad|aud)?/i;

/** Reads a price ceiling and its ISO 4217 currency. */
export function extractPrice(text: string): Pick<Slots, 'max_price' | 'currency'> {
  const match = PRICE_PATTERN.exec(text);
  if (!match) return {};
  let amount = Number(match[2].replace(/,/g, ''));
  if (match[3]) amount *= 1000;
  if (!Number.isFinite(amount) || amount <= 0) return {};
  const unit = (match[1] ?? match[4] ?? '').toLowerCase();
  const currency = CURRENCY_WORDS[unit];
  // A bare number after "under" is a price only with a currency, or it could be "under 2 hours".
  if (!currency && !/budget/i.test(match[0])) return {};
  return currency ? { max_price: amount, currency } : { max_price: amount };
}

/** Returns true for nonstop requests. */
export function wantsDirect(lower: string): boolean | undefined {
  if (
    /\b(direct|non-?stop|no (layovers?|stops|connections)|without (a )?(layovers?|stops?))\b/.test(
      lower,
    )
  ) {
    return true;
  }
  return undefined;
}

/**
 * Returns true when the guests bring an animal, false when the message rules one out ("without
 * the dog"), and undefined when it does not mention animals.
 */
export function bringsPets(lower: string): boolean | undefined {
  if (
    /\bno (pets?|dogs?|cats?)\b|\bwithout (my |the |our |a )?(dog|cat|pet|puppy|kitten)s?\b|\bleav(e|ing) (my |the |our )?(dog|cat|pet)s? (at home|behind)\b|\bnot (bringing|taking) (my |the |our )?(dog|cat|pet)s?\b/.test(
      lower,
    )
  ) {
    return false;
  }
  if (/\b(dogs?|cats?|pets?|puppy|puppies|kitten)\b|pet[- ]friendly/.test(lower)) return true;
  return undefined;
}

/** Returns the first http(s) URL, without trailing punctuation. */
export function extractUrl(text: string): string | undefined {
  const match = /\bhttps?:\/\/[^\s<>"']+/i.exec(text);
  return match ? match[0].replace(/[.,;:!?)\]]+$/, '') : undefined;
}

const TOPICS: Array<[RegExp, string]> = [
  [/\b(weather|temperature|forecast|rain|snow|sunny|humid|climate|degrees|cold|hot)\b/, 'weather'],
  [/\b(visas?|entry requirements?|passport)\b/, 'visa'],
  [/\b(vaccin\w*|shots|immuni[sz]\w*|malaria|health)\b/, 'health'],
  [/\b(plugs?|adapters?|outlets?|voltage|sockets?)\b/, 'plugs'],
  [/\b(time ?zones?|what time is it)\b/, 'time_zone'],
  [
    /\b(exchange rate|conversion rate|currency|convert|dollars?|euros?|pesos?|yen|pounds|lira|francs?|rupees?)\b/,
    'currency',
  ],
  [/\b(alerts?|advisor(y|ies)|warnings?|safe|safety|dangerous)\b/, 'safety'],
  [
    /\b(things to do|to do|attractions?|sights?|sightseeing|museums?|parks?|visit|see|fun|tourist)\b/,
    'things_to_do',
  ],
  [/\b(food|eat|restaurants?|cuisine|dishes)\b/, 'food'],
  [/\b(get(ting)? around|transport\w*|metro|subway|tram|bus(es)?|taxis?|trains?)\b/, 'transport'],
];

/** Names the subject of a destination question, such as `weather` or `visa`. */
export function extractTopic(lower: string): string | undefined {
  return TOPICS.find(([pattern]) => pattern.test(lower))?.[1];
}

/** Reads whether the user stores, recalls or removes a fact about themselves. */
export function extractMemoryAction(lower: string): Slots['memory_action'] {
  if (
    /\b(forget|delete|erase|remove|stop remembering|no longer)\b/.test(lower) &&
    !/\bdon'?t forget\b/.test(lower)
  ) {
    return 'forget';
  }
  const question =
    /\?\s*$/.test(lower) ||
    /^(what|which|where|when|do you|do i|did i|have i|tell me|remind me|list|show)\b/.test(lower);
  return question && !/\b(remember that|note that|keep in mind)\b/.test(lower) ? 'recall' : 'store';
}

/** Reads whether a stay's price limit is per night or for the whole stay. */
export function extractPriceBasis(lower: string): Slots['price_basis'] {
  if (/\b(per night|a night|each night|nightly|\/ ?night|per day)\b/.test(lower))
    return 'per_night';
  if (/\b(in total|total|overall|for the (whole|entire) stay|all in)\b/.test(lower)) return 'total';
  return undefined;
}
