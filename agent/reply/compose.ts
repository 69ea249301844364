import type { DestinationResult } from '../../tools/destination/index.js';
import type { FlightOffer, FlightSearchResult } from '../../tools/flights/index.js';
import type { StaySearchResult } from '../../tools/lodging/index.js';
import type { Classification, Slots } from '../nlu/index.js';
import type { OfferRecheck } from '../nodes/offer-choices.js';
import { childrenWithoutAge, DEFAULT_CHILD_AGE } from '../nodes/party.js';
import type { RecalledNote, ToolOutcome } from '../state.js';
import { clockTime, formatDate, formatDuration, formatMoney, plural } from './format.js';

/** Offers or listings shown in a reply; the full lists travel in the `tool_end` events. */
const SHOWN_RESULTS = 3;

/** Recalled memories below this similarity are not mentioned in search replies. */
const MENTION_SCORE = 0.35;

/** Questions that ask for exactly the slot that is missing. */
const SLOT_QUESTIONS: Partial<Record<keyof Slots, string>> = {
  origin: 'Where will you fly from?',
  destination: 'Where would you like to fly to?',
  depart_date: 'What date would you like to leave?',
  location: 'Where would you like to stay?',
  check_in: 'What date do you check in, and for how many nights?',
  return_date: 'What date would you like to come back?',
  check_out: 'What date do you check out?',
  place: 'Which place would you like to know about?',
};

export interface ReplyInput {
  classification: Classification;
  outcomes: ToolOutcome[];
  recalled: RecalledNote[];
  userText: string;
}

/**
 * Writes the offline model's reply from the classification and tool outcomes. Deterministic:
 * the same input always gives the same words.
 */
export function composeReply(input: ReplyInput): string {
  const { classification } = input;

  if (classification.missing.length > 0 && classification.intent !== 'other') {
    return classification.slots.selection !== undefined
      ? askForSearchBeforePick(classification.slots.selection)
      : askForMissing(classification);
  }

  const parts: string[] = [];
  switch (classification.intent) {
    case 'flight_search':
      if (classification.slots.selection !== undefined) {
        parts.push(describeRecheck(input.outcomes, classification.slots.selection));
        break;
      }
      parts.push(describeOutcome(input.outcomes, 'search_flights', describeFlights));
      parts.push(describeAssumedAges(classification.slots, input.outcomes));
      break;
    case 'lodging_search':
      parts.push(describeOutcome(input.outcomes, 'search_accommodations', describeStays));
      break;
    case 'destination_info':
      parts.push(describeOutcome(input.outcomes, 'destination_guide', describeDestination));
      break;
    case 'trip_planning':
      parts.push(describeTrip(input));
      break;
    case 'memory':
      parts.push(describeMemory(input.outcomes));
      break;
    default:
      parts.push(replyToOther(input.userText));
  }

  const mentioned = relevantPreferences(input);
  if (mentioned) parts.push(mentioned);
  const notes = notesForTraveller(classification.notes);
  if (notes.length > 0 && classification.intent !== 'other') {
    parts.push(`Note: ${notes.map(humanNote).join(' ')}`);
  }
  return parts.filter(Boolean).join('\n\n');
}

function askForMissing(classification: Classification): string {
  // "For how many nights" in the check-in question already covers the check-out date.
  const missing = classification.missing.includes('check_in')
    ? classification.missing.filter((slot) => slot !== 'check_out')
    : classification.missing;
  const questions = missing.map(
    (slot) => SLOT_QUESTIONS[slot] ?? `Could you tell me the ${String(slot).replace(/_/g, ' ')}?`,
  );
  const lead =
    classification.intent === 'flight_search'
      ? 'I can look for flights.'
      : classification.intent === 'lodging_search'
        ? 'I can look for a place to stay.'
        : 'Happy to help.';
  const reasons = notesForTraveller(classification.notes).map(humanNote).join(' ');
  return [lead, reasons, questions.join(' ')].filter(Boolean).join(' ');
}

const SLOT_LABELS: Record<string, string> = {
  depart_date: 'the departure date',
  return_date: 'the return date',
  check_in: 'the check-in date',
  check_out: 'the check-out date',
  adults: 'the number of adults',
  children: 'the number of children',
  infants: 'the number of infants',
};

/**
 * Drops classifier notes that only record how a follow-up was read. The `intent` event still
 * carries every note.
 */
function notesForTraveller(notes: string[]): string[] {
  return notes.filter((note) => !/^read as an answer to the previous \w+$/.test(note));
}

/** Rewordings of classifier notes that read as developer jargon to a traveller. */
const NOTE_WORDING: Array<[RegExp, string]> = [
  [/^moved the previous dates by (\d+) days$/, 'I moved the dates of your last search by $1 days'],
  [/^a month without a day gives no departure date$/, 'I need a day as well as the month'],
  [/^(\d{1,2} \w+) has passed: used (\d{4}-\d{2}-\d{2})$/, '$1 has passed this year, so I used $2'],
];

/**
 * Turns a classifier note ("check_out 2027-03-10 must be after check_in 2027-03-12; ask for
 * check_out again") into a sentence for the user.
 */
export function humanNote(note: string): string {
  let text = NOTE_WORDING.reduce(
    (current, [pattern, wording]) => current.replace(pattern, wording),
    note,
  )
    .replace(/;\s*ask( for \w+)? again\s*$/, '')
    .replace(
      /^(\w+): /,
      (_match, slot: string) => `${SLOT_LABELS[slot] ?? slot.replace(/_/g, ' ')} `,
    )
    .replace(/\b(depart_date|return_date|check_in|check_out)\b/g, (slot) => SLOT_LABELS[slot])
    .replace(/\b(\d{4}-\d{2}-\d{2})\b/g, (iso) => formatDate(iso));
  text = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

function askForSearchBeforePick(option: number): string {
  return `There is no flight search to pick option ${option} from yet. Where would you like to fly from and to, and on what date?`;
}

/**
 * Reads a failed search whose message is a question, such as the flight tool's "Portland could
 * be PDX (...) or PWM (...): which one?", and drops the input field label in front of it.
 */
function questionIn(error: string | undefined): string | undefined {
  const text = (error ?? '').replace(/^(origin|destination|onwardSlices[.\w]*): /, '');
  return text.trim().endsWith('?') ? text.charAt(0).toUpperCase() + text.slice(1) : undefined;
}

function describeOutcome<T>(
  outcomes: ToolOutcome[],
  tool: string,
  describe: (result: T, args: Record<string, unknown>) => string,
): string {
  const outcome = outcomes.find((candidate) => candidate.tool === tool);
  if (!outcome) return 'I could not run that search this time.';
  const question = outcome.ok ? undefined : questionIn(outcome.error);
  if (question) return `Before I search: ${question}`;
  if (!outcome.ok) return `I could not complete that search: ${outcome.error}`;
  return describe(outcome.result as T, outcome.args);
}

function placeLabel(place: { name: string; codes: string[] }): string {
  const codes = place.codes.filter((code) => !place.name.includes(code));
  return codes.length > 0 ? `${place.name} (${codes.join('/')})` : place.name;
}

function describeTravellers(args: Record<string, unknown>): string {
  const parts = [plural(Number(args.adults ?? 1), 'adult')];
  const ages = Array.isArray(args.childrenAges) ? args.childrenAges.map(String) : [];
  if (ages.length > 0) {
    const noun = ages.length === 1 ? 'child' : 'children';
    parts.push(`${ages.length} ${noun} aged ${joinWords(ages)}`);
  }
  if (Number(args.infants ?? 0) > 0) parts.push(plural(Number(args.infants), 'infant'));
  if (typeof args.cabin === 'string') parts.push(args.cabin.replace('_', ' '));
  return parts.join(', ');
}

function describeFlights(result: FlightSearchResult, args: Record<string, unknown>): string {
  const route = `${placeLabel(result.origin)} to ${placeLabel(result.destination)}`;
  if (result.offers.length === 0) return `I found no flights from ${route} for those dates.`;

  const first = result.offers[0];
  const outbound = first.slices[0];
  const dates =
    first.slices.length > 1
      ? `${formatDate(outbound?.segments[0]?.departLocal)} returning ${formatDate(first.slices[1]?.segments[0]?.departLocal)}`
      : formatDate(outbound?.segments[0]?.departLocal);
  const lines = result.offers
    .slice(0, SHOWN_RESULTS)
    .map((offer, index) => `${index + 1}. ${describeOffer(offer)}`);
  const label = result.sample
    ? 'These are sample fares generated offline (no Duffel token is set), not bookable offers.'
    : 'Prices are live from Duffel and may change before booking.';
  // The flight search sorts offers by total price, so the first ones shown are the cheapest.
  const count = result.offers.length;
  const lead =
    count > SHOWN_RESULTS
      ? `Here are the ${SHOWN_RESULTS} cheapest of ${plural(count, 'flight option')}`
      : `Here ${count === 1 ? 'is' : 'are'} ${plural(count, 'flight option')}`;
  return [`${lead} from ${route}, ${dates}, ${describeTravellers(args)}:`, ...lines, label].join(
    '\n',
  );
}

function joinWords(words: string[]): string {
  return words.length <= 1
    ? words.join('')
    : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** Says which children were priced at the default age, so the user can give the real ones. */
function describeAssumedAges(slots: Slots, outcomes: ToolOutcome[]): string {
  const search = outcomes.find((outcome) => outcome.tool === 'search_flights');
  const unknown = childrenWithoutAge(slots);
  if (!search?.ok || unknown === 0) return '';
  const who = unknown === 1 ? 'one child' : `${unknown} children`;
  return `I priced ${who} as aged ${DEFAULT_CHILD_AGE} because no age was given; tell me their ages for exact fares.`;
}

/**
 * Reports the re-fetched price of a picked offer. The reply gives only the price just fetched as
 * current; the quoted one appears only as what it was before.
 */
function describeRecheck(outcomes: ToolOutcome[], option: number): string {
  const outcome = outcomes.find((candidate) => candidate.tool === 'get_flight_offer');
  if (!outcome) return `I could not check the current price of option ${option} this time.`;
  if (!outcome.ok)
    return `I could not check the current price of option ${option}: ${outcome.error}`;

  const { summary, quoted, offer } = outcome.result as OfferRecheck;
  const now = formatMoney(offer.totalAmount, offer.currency);
  const was = formatMoney(quoted.totalAmount, quoted.currency);
  const price =
    now === was
      ? `Option ${option} still costs ${now} in total, checked just now.`
      : `The price of option ${option} has changed: was ${was}, now ${now} in total.`;
  const held = offer.expiresAt
    ? ` This price is held until ${offer.expiresAt.slice(11, 16)} UTC on ${formatDate(offer.expiresAt)}.`
    : '';
  const label = offer.sample
    ? 'This is a sample fare generated offline, not a bookable offer.'
    : `I cannot book it for you; the offer id for booking is ${offer.id}.`;
  return [`${price}${held}`, `Flights: ${summary}.`, label].join('\n');
}

function describeOffer(offer: FlightOffer): string {
  const slices = offer.slices.map((slice) => {
    const first = slice.segments[0];
    const last = slice.segments[slice.segments.length - 1];
    const carriers = [...new Set(slice.segments.map((segment) => segment.carrier.name))].join(
      ' + ',
    );
    const stops = slice.stops === 0 ? 'direct' : plural(slice.stops, 'stop');
    const nextDay = daysLater(first.departLocal, last.arriveLocal);
    const arrival = `${clockTime(last.arriveLocal)}${nextDay > 0 ? ` (+${nextDay})` : ''}`;
    return `${carriers} ${first.flightNumber}, ${slice.origin} ${clockTime(first.departLocal)} → ${slice.destination} ${arrival}, ${formatDuration(slice.durationMinutes)}, ${stops}`;
  });
  return `${slices.join('; back: ')}: ${formatMoney(offer.totalAmount, offer.currency)} total`;
}

/**
 * Counts the calendar days between two local times such as `2026-12-11T21:35:00`, so an arrival
 * after midnight shows as "00:15 (+1)". Both times are local to their own airport.
 */
function daysLater(departLocal: string, arriveLocal: string): number {
  const day = (local: string) => Date.parse(`${local.slice(0, 10)}T00:00:00Z`);
  const days = Math.round((day(arriveLocal) - day(departLocal)) / 86_400_000);
  return Number.isFinite(days) ? days : 0;
}

function describeStays(result: StaySearchResult, args: Record<string, unknown>): string {
  const place = result.location?.name ?? 'that place';
  const stay = `${formatDate(String(args.checkIn ?? ''))} to ${formatDate(String(args.checkOut ?? ''))}, ${plural(Number(args.adults ?? 1), 'guest')}${args.pets ? ' with a pet' : ''}`;
  if (result.offers.length === 0) return `I found no places to stay in ${place} for those dates.`;

  const lines = result.offers.slice(0, SHOWN_RESULTS).map((offer, index) => {
    const extras = [
      offer.neighbourhood,
      offer.petsAllowed ? 'pets allowed' : undefined,
      // The rating is the hotel's star class, not a review score.
      offer.rating ? `${offer.rating}-star` : undefined,
      offer.reviewScore ? `reviews ${offer.reviewScore}/10` : undefined,
    ]
      .filter(Boolean)
      .join(', ');
    return `${index + 1}. ${offer.name}${extras ? ` (${extras})` : ''}: ${formatMoney(offer.nightlyPrice, offer.currency)} a night, ${formatMoney(offer.totalPrice, offer.currency)} in total`;
  });
  const label = result.sample
    ? 'These are sample listings generated offline, not bookable rooms.'
    : `Listings from the ${result.server} lodging server.`;
  return [`Here are places to stay in ${place}, ${stay}:`, ...lines, label].join('\n');
}

/** Question topics that only a guide page answers, because the offline facts cover none of them. */
const PAGE_ONLY_TOPICS: Record<string, string> = {
  weather: 'the weather',
  visa: 'visas and entry rules',
  health: 'vaccines and health',
  safety: 'safety',
  things_to_do: 'things to do',
  food: 'food',
  transport: 'getting around',
};

function describeDestination(
  result: DestinationResult,
  args: Record<string, unknown> = {},
): string {
  const name = result.place?.name ?? 'that page';
  const lines: string[] = [];
  const unanswered =
    result.passages.length === 0 && typeof args.topic === 'string'
      ? PAGE_ONLY_TOPICS[args.topic]
      : undefined;
  if (unanswered) {
    lines.push(
      `I could not read a guide page, so I cannot tell you about ${unanswered} in ${name} right now.`,
    );
  }
  if (result.facts.length > 0) {
    lines.push(
      unanswered ? `Here are the general facts I have:` : `Here is what I know about ${name}:`,
    );
    for (const fact of result.facts) lines.push(`- ${fact.label}: ${fact.value}`);
  }
  if (result.passages.length > 0) {
    lines.push(result.facts.length > 0 ? 'From the web:' : `From ${result.passages[0].title}:`);
    for (const passage of result.passages.slice(0, SHOWN_RESULTS)) {
      lines.push(
        `- ${passage.text.replace(/\s+/g, ' ').slice(0, 280)} (source: ${passage.sourceUrl})`,
      );
    }
  }
  if (lines.length === 0) lines.push(`I have no information about ${name}.`);
  // A failed fetch already has a note saying offline facts are shown instead.
  const fetchFailed = result.notes.some((note) => note.startsWith('page fetch failed'));
  if (result.offline && !fetchFailed) {
    lines.push('(Offline facts from reference data; no web page was read.)');
  }
  for (const note of result.notes) lines.push(`(${note})`);
  return lines.join('\n');
}

function describeTrip(input: ReplyInput): string {
  const sections: string[] = [];
  type Describe = (result: never, args: Record<string, unknown>) => string;
  const tools: Array<[string, string, Describe]> = [
    ['search_flights', 'Getting there', describeFlights as Describe],
    ['search_accommodations', 'Where to stay', describeStays as Describe],
    ['destination_guide', 'What to know', describeDestination as Describe],
  ];
  for (const [tool, title, describe] of tools) {
    if (!input.outcomes.some((outcome) => outcome.tool === tool)) continue;
    sections.push(`${title}:\n${describeOutcome(input.outcomes, tool, describe)}`);
  }
  const { slots } = input.classification;
  if (!slots.origin && (slots.destination || slots.location)) {
    sections.push('Getting there: tell me where you leave from and I will look for flights.');
  }
  const searchedStays = input.outcomes.some((outcome) => outcome.tool === 'search_accommodations');
  if (!searchedStays && (slots.depart_date || slots.check_in)) {
    sections.push('Where to stay: tell me when you come back and I will look for places to stay.');
  }
  return sections.length > 0
    ? `Here is a first plan for your trip.\n\n${sections.join('\n\n')}`
    : 'Tell me where and when you would like to travel, and I will plan the trip.';
}

function describeMemory(outcomes: ToolOutcome[]): string {
  const outcome = outcomes[0];
  if (!outcome) return 'I could not reach your saved preferences this time.';
  if (!outcome.ok) return `I could not update your saved preferences: ${outcome.error}`;

  if (outcome.tool === 'remember') {
    const { memories = [] } = outcome.result as { memories?: Array<{ text: string }> };
    if (memories.length === 0) {
      return 'I did not find a preference or fact to remember in that. Try "I prefer aisle seats".';
    }
    return `Got it. I will remember: ${memories.map((memory) => sentence(memory.text)).join('; ')}.`;
  }

  if (outcome.tool === 'forget') {
    const forget = outcome.result as {
      deleted: number;
      all?: boolean;
      remaining?: Array<{ text: string }>;
    };
    if (forget.deleted > 0) {
      return forget.all
        ? `Done: I erased everything I remembered about you (${plural(forget.deleted, 'memory', 'memories')}).`
        : `Done: I forgot ${plural(forget.deleted, 'saved memory', 'saved memories')}.`;
    }
    const remaining = forget.remaining ?? [];
    if (remaining.length === 0)
      return 'I have nothing saved about you, so there was nothing to forget.';
    return [
      'Nothing I remember matches that exactly. Here is what I have saved; tell me which one to forget:',
      ...remaining.map((memory) => `- ${sentence(memory.text)}`),
    ].join('\n');
  }

  const { memories = [] } = outcome.result as { memories?: Array<{ text: string }> };
  if (memories.length === 0) {
    return "I don't have anything saved about that yet. Tell me your preferences and I'll remember them.";
  }
  return [
    'Here is what you have told me:',
    ...memories.map((memory) => `- ${sentence(memory.text)}`),
  ].join('\n');
}

/** A stored memory without its final full stop, for joining into a sentence of ours. */
function sentence(text: string): string {
  return text.trim().replace(/[.!]+$/, '');
}

function relevantPreferences(input: ReplyInput): string | undefined {
  if (input.classification.intent === 'memory' || input.classification.intent === 'other')
    return undefined;
  const notes = input.recalled.filter((note) => note.score >= MENTION_SCORE).slice(0, 2);
  if (notes.length === 0) return undefined;
  // The search does not apply these, so the reply only reminds the traveller of them.
  const texts = notes.map((note) => note.text.replace(/[.!]+$/, ''));
  return `You told me earlier: ${texts.join('; ')}.`;
}

const GREETING =
  /^\s*(hi|hello|hey|good (morning|afternoon|evening)|hola|bonjour|hallo|greetings)\b/i;
const THANKS = /\b(thanks|thank you|cheers)\b/i;
const CAPABILITIES = /\b(what can you do|who are you|what are you|how can you help)\b/i;

function replyToOther(text: string): string {
  if (GREETING.test(text)) {
    return 'Hello! I can search flights, find places to stay, tell you about a destination and remember your travel preferences. Where would you like to go?';
  }
  if (THANKS.test(text)) return 'You are welcome! Tell me if you need anything else for your trip.';
  if (CAPABILITIES.test(text)) {
    return 'I am a travel assistant. I can search flights, find places to stay, answer questions about a destination and remember your travel preferences.';
  }
  return 'I am a travel assistant, so I cannot help with that. I can search flights, find places to stay, answer questions about a destination or remember your travel preferences.';
}
