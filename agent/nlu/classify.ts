import {
  addDays,
  daysBetween,
  fromIso,
  isValidDate,
  localDate,
  toIso,
  type CalendarDate,
} from './calendar.js';
import { assignDateRoles } from './date-roles.js';
import { extractDates, type DateMention, type DateReading } from './dates.js';
import {
  carryOver,
  dateShift,
  dropStaleChildrenAges,
  looksLikeFollowUp,
  shiftDates,
} from './follow-up.js';
import { chooseIntent, type RuleReading } from './intent-choice.js';
import { intentFeatures, intentProbabilities, loadIntentModel } from './intent-model.js';
import { scoreIntents } from './intent-rules.js';
import { checkTravellerCounts, dropEndBeforeStart, slotOfInvalidDate } from './slot-checks.js';
import { findHotelNames, insideSpans } from './hotel-names.js';
import { findRoledPlaces, placeCodes, placeValue, type RoledPlace } from './places-in-text.js';
import {
  bringsPets,
  extractCabin,
  extractMemoryAction,
  extractParty,
  extractPrice,
  extractPriceBasis,
  extractTopic,
  extractUrl,
  wantsDirect,
} from './slot-rules.js';
import type { Classification, ClassifyContext, Intent, Slots } from './types.js';

/** Slots each intent needs before its tool can run. */
export const REQUIRED_SLOTS: Readonly<Record<Intent, ReadonlyArray<keyof Slots>>> = {
  flight_search: ['origin', 'destination', 'depart_date'],
  lodging_search: ['location', 'check_in', 'check_out'],
  destination_info: ['place'],
  memory: [],
  trip_planning: ['destination', 'depart_date'],
  other: [],
};

const TRAVEL_VERB =
  /\b(go|going|travel|traveling|travelling|head|heading|leave|leaving|depart|departing|get to|visit|visiting|trip)\b/;

/**
 * Characters read from one message. Rule matching grows with length (about 60 ms for 5,000
 * characters), and a chat request fits well within this.
 */
const MAX_TEXT_LENGTH = 2000;

/**
 * A rule score below this for every intent makes the rules read the turn as `other`. The
 * intent model can still pick another intent in `chooseIntent`.
 */
const MIN_INTENT_SCORE = 1.5;

/**
 * Below this confidence the classifier does not trust its own reading: the result is `other`
 * with a note naming the best guess, so the agent asks instead of searching.
 */
export const CONFIDENCE_THRESHOLD = 0.5;

/** Classifies one user message and extracts its slots; deterministic for the same input and context. */
export function classify(fullText: string, context: ClassifyContext): Classification {
  if (typeof fullText !== 'string') throw new TypeError('classify: text must be a string');
  const today = localDate(context.now, context.timeZone);
  const notes: string[] = [];
  const text = fullText.slice(0, MAX_TEXT_LENGTH);
  if (fullText.length > MAX_TEXT_LENGTH) {
    notes.push(`read only the first ${MAX_TEXT_LENGTH} of ${fullText.length} characters`);
  }
  const lower = text.toLowerCase();

  const { places, dates, rules, features } = readIntentEvidence(text, today, context.timeZone);
  notes.push(...dates.notes);

  const scored = chooseIntent(rules, intentProbabilities(loadIntentModel(), features));
  let intent = scored.intent;
  let confidence = scored.confidence;

  const previous = context.previous;
  const expected =
    context.expected ?? (previous ? missingSlots(previous.intent, previous.slots) : []);
  let followUp = false;
  if (previous) {
    const turn = readTurn(lower, scored, places, dates, previous.intent);
    followUp = turn.followUp;
    if (turn.resume) {
      notes.push(`read as an answer to the previous ${previous.intent}`);
      intent = previous.intent;
      confidence = RESUME_CONFIDENCE;
    }
    // The previous turn backs a reading that the words alone leave uncertain.
    if (turn.followUp && intent === previous.intent) confidence = Math.max(confidence, 0.7);
  }

  if (intent === 'other' && scored.guess) {
    notes.push(`unsure of the request: too little evidence for ${scored.guess}`);
  }
  if (intent !== 'other' && confidence < CONFIDENCE_THRESHOLD) {
    notes.push(`unsure of the request: best guess ${intent} at ${confidence.toFixed(2)}`);
    intent = 'other';
  }

  const roles: DateRoles = {};
  let slots = extractSlots(
    intent,
    text,
    lower,
    places,
    dates,
    notes,
    followUp ? expected : [],
    roles,
  );
  if (followUp && previous) {
    let carried = carryOver(previous.intent, previous.slots, intent);
    const shift = dateShift(lower);
    if (shift !== 0 && !hasOwnDates(slots)) {
      carried = shiftDates(carried, shift);
      notes.push(`moved the previous dates by ${shift} days`);
    }
    const reusedFlightDates =
      intent === 'lodging_search' &&
      carried.check_in !== undefined &&
      !hasOwnDates(slots) &&
      (previous.intent === 'flight_search' || previous.intent === 'trip_planning');
    if (reusedFlightDates) notes.push('used the dates of your flight search for the stay');
    slots = dropStaleChildrenAges({ ...carried, ...slots }, slots);
    fillDefaultEnd(intent, slots, dates.stayLength);
  }

  moveEndAfterStart(intent, slots, roles.end, notes);
  const askAgain = checkDates(intent, lower, dates, slots, roles, notes, today);
  const missing = missingSlots(intent, slots);
  for (const key of askAgain) if (!missing.includes(key)) missing.push(key);

  return {
    intent,
    confidence: Math.round(confidence * 100) / 100,
    slots,
    missing,
    notes,
  };
}

/** Places, dates, rule reading and model features of a message, read before the intent is picked. */
export interface IntentEvidence {
  places: RoledPlace[];
  dates: DateReading;
  rules: RuleReading;
  /** The intent model's features of the message. */
  features: string[];
}

/**
 * Finds the places and dates of a message, scores it with the rules and lists its model
 * features. Cross-validation (`intent-training.ts`) calls it too, so it reads messages the way
 * `classify` does.
 */
export function readIntentEvidence(
  text: string,
  today: CalendarDate,
  timeZone: string,
): IntentEvidence {
  const lower = text.toLowerCase();
  const places = findRoledPlaces(text);
  const dates = extractDates(text, today, timeZone);
  const rules = readRuleIntent(lower, places, dates);
  const features = intentFeatures(
    lower,
    places.map((place) => place.mention),
  );
  return { places, dates, rules, features };
}

/** Confidence of a bare answer read as part of the previous search. */
const RESUME_CONFIDENCE = 0.75;

/** The date mentions that filled the start and end slots of this turn. */
interface DateRoles {
  start?: DateMention;
  end?: DateMention;
}

function dateKeys(intent: Intent): ['depart_date' | 'check_in', 'return_date' | 'check_out'] {
  return intent === 'lodging_search' ? ['check_in', 'check_out'] : ['depart_date', 'return_date'];
}

/**
 * Moves an end written as a bare weekday or day ("until Sunday", "the 15th") past the start,
 * because those words name the first such day after the trip begins, not after today.
 */
function moveEndAfterStart(
  intent: Intent,
  slots: Slots,
  end: DateMention | undefined,
  notes: string[],
): void {
  if (!end || !(end.weekday || end.dayOnly)) return;
  const [startKey, endKey] = dateKeys(intent);
  const start = slots[startKey];
  const current = slots[endKey];
  if (!start || !current || current > start) return;
  const startDate = fromIso(start);
  let moved = fromIso(current);
  while (toIso(moved) <= start) {
    moved = end.weekday
      ? addDays(moved, 7)
      : { ...addDays({ ...moved, day: 1 }, 32), day: end.date.day };
  }
  if (!isValidDate(moved) || daysBetween(startDate, moved) > 62) return;
  slots[endKey] = toIso(moved);
  notes.push(`read "${end.text}" as the first one after ${startKey} ${start}: ${toIso(moved)}`);
}

/** Intents whose slots a later turn may complete or change. */
const SEARCH_INTENTS: Intent[] = [
  'flight_search',
  'lodging_search',
  'trip_planning',
  'destination_info',
];

/** Words that name air travel or a stay outright, unlike "leaving" or "going to". */
const EXPLICIT: Partial<Record<Intent, RegExp>> = {
  flight_search:
    /\b(flights?|fly|flying|plane|airlines?|airport|one[- ]?way|round[- ]?trip|tickets?|seats?|economy|business|first class|layovers?|non-?stop)\b/,
  lodging_search:
    /\b(hotels?|hotles?|motels?|hostels?|airbnb|b&b|rooms?|house|apartment|accommodations?|place to stay|somewhere to stay|check(ing)?[- ]?(in|out)|nights?|stay(ing)?)\b/,
};

/**
 * Decides how a turn relates to the previous search: a follow-up keeps its slots, and a resume
 * also keeps its intent because the turn is a bare answer ("Lisbon", "until Sunday").
 */
function readTurn(
  lower: string,
  scored: { intent: Intent; weak: boolean },
  places: RoledPlace[],
  dates: DateReading,
  previousIntent: Intent,
): { followUp: boolean; resume: boolean } {
  if (!SEARCH_INTENTS.includes(previousIntent) || scored.intent === 'memory') {
    return { followUp: false, resume: false };
  }
  const answers =
    places.length > 0 ||
    dates.mentions.length > 0 ||
    dates.stayLength !== undefined ||
    dateShift(lower) !== 0 ||
    hasTripDetail(lower);
  const marked = looksLikeFollowUp(lower) || dateShift(lower) !== 0;

  const ownWords = EXPLICIT[scored.intent]?.test(lower) ?? false;
  if (scored.intent === 'other' || (scored.weak && scored.intent !== previousIntent && !ownWords)) {
    const resume = answers || marked;
    return { followUp: resume, resume };
  }
  // "I'm leaving on the 8th" after a hotel question ends the stay; it is no flight.
  const bookings: Intent[] = ['flight_search', 'lodging_search'];
  const explicit = EXPLICIT[scored.intent];
  if (
    scored.intent !== previousIntent &&
    bookings.includes(scored.intent) &&
    bookings.includes(previousIntent) &&
    explicit !== undefined &&
    !explicit.test(lower)
  ) {
    return { followUp: true, resume: true };
  }
  if (marked) return { followUp: true, resume: false };
  const sameSearch = scored.intent === previousIntent && scored.intent !== 'destination_info';
  return { followUp: sameSearch && places.length === 0, resume: false };
}

/** True when a turn gives a traveller count, cabin, price, pets or a nonstop wish. */
function hasTripDetail(lower: string): boolean {
  const party = extractParty(lower);
  return (
    Object.keys(party).length > 0 ||
    extractCabin(lower) !== undefined ||
    wantsDirect(lower) === true ||
    bringsPets(lower) !== undefined ||
    extractPrice(lower).max_price !== undefined ||
    /^\s*(just )?(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)( of us| people| adults)?\s*[.!]?\s*$/.test(
      lower,
    )
  );
}

/** Notes impossible dates and ends before starts; returns the date slots to ask for again. */
function checkDates(
  intent: Intent,
  lower: string,
  dates: DateReading,
  slots: Slots,
  roles: DateRoles,
  notes: string[],
  today: CalendarDate,
): Array<keyof Slots> {
  const askAgain: Array<keyof Slots> = [];
  const dated: Intent[] = ['flight_search', 'lodging_search', 'trip_planning'];
  if (!dated.includes(intent)) return askAgain;
  const [startKey, endKey] = dateKeys(intent);
  for (const invalid of dates.invalid) {
    const key = slotOfInvalidDate(intent, lower, invalid, slots);
    // In "from 31 February to 3 March" the valid date that came after it is the end.
    const laterStart = roles.start !== undefined && roles.start.start > invalid.start;
    if (key === startKey && laterStart && slots[endKey] === undefined) {
      slots[endKey] = slots[startKey];
      delete slots[startKey];
    }
    notes.push(`${key}: "${invalid.text}" is not a date because ${invalid.problem}; ask again`);
    askAgain.push(key);
  }
  askAgain.push(...dropRecentlyPassed(startKey, endKey, slots, notes, today));
  const order = dropEndBeforeStart(intent, slots);
  notes.push(...order.notes);
  askAgain.push(...order.missing);
  if (intent === 'flight_search' || intent === 'lodging_search' || intent === 'trip_planning') {
    const party = checkTravellerCounts(lower, slots);
    notes.push(...party.notes);
    askAgain.push(...party.missing);
  }
  return askAgain;
}

/**
 * Maximum days ahead for a passed date without a year that is moved to next year. A day that
 * passed within the last month is more likely a slip than a trip a year away. The flight tool
 * also rejects departures more than 361 days ahead (`tools/flights/validate.ts`).
 */
const MAX_DAYS_AHEAD_FOR_NEXT_YEAR = 330;

/**
 * Removes each date that was moved to next year but lies beyond MAX_DAYS_AHEAD_FOR_NEXT_YEAR,
 * and with a removed start an end date as far ahead, rewording the date's note into a
 * question. Returns the slots to ask for again.
 */
function dropRecentlyPassed(
  startKey: keyof Slots,
  endKey: keyof Slots,
  slots: Slots,
  notes: string[],
  today: CalendarDate,
): Array<keyof Slots> {
  const tooFar = (iso: unknown) =>
    typeof iso === 'string' && daysBetween(today, fromIso(iso)) > MAX_DAYS_AHEAD_FOR_NEXT_YEAR;

  const removed: Array<keyof Slots> = [];
  for (const [index, note] of notes.entries()) {
    const passed = /^(\d{1,2} \w+) has passed: used (\d{4}-\d{2}-\d{2})$/.exec(note);
    if (!passed || !tooFar(passed[2])) continue;
    const key = [startKey, endKey].find((candidate) => slots[candidate] === passed[2]);
    if (key === undefined) continue;

    delete slots[key];
    removed.push(key);
    notes[index] = `${key}: ${passed[1]} has passed this year; ask again`;
  }
  if (removed.includes(startKey) && !removed.includes(endKey) && tooFar(slots[endKey])) {
    delete slots[endKey];
    removed.push(endKey);
  }
  return removed;
}

/** Scores a message with the rules in `intent-rules.ts` and the place and date cues. */
export function readRuleIntent(
  lower: string,
  places: RoledPlace[],
  dates: DateReading,
): RuleReading {
  const scores = scoreIntents(lower);
  // A route with dates reads as a flight even without the word "flight".
  // "Traveling to New York, checking in the 3rd" names a stay, so the route cue does not count.
  const staysOnly = EXPLICIT.lodging_search!.test(lower) && !EXPLICIT.flight_search!.test(lower);
  const hasOrigin = places.some((place) => place.role === 'origin');
  const hasDestination = places.some((place) => place.role === 'destination');
  if (staysOnly) {
    // no route boost
  } else if (hasOrigin) scores.flight_search += 1.6;
  else if (hasDestination && TRAVEL_VERB.test(lower)) scores.flight_search += 1.6;
  if (
    !staysOnly &&
    dates.mentions.length > 0 &&
    /\b(leav(e|ing)|return(ing)?|depart(ing)?|fly(ing)?|come back|get back|be back)\b/.test(lower)
  ) {
    scores.flight_search += 1;
  }
  if (dates.mentions.length > 0 && places.length > 0 && scores.lodging_search === 0) {
    scores.flight_search += 0.4;
  }
  if (places.length > 0 && /^(what|how|is|are|do|does|can|should|tell)\b/.test(lower)) {
    scores.destination_info += 0.5;
  }
  // A request that names flights and a stay, or a stay and things to do, plans a whole trip.
  const parts = [
    scores.flight_search >= 3,
    scores.lodging_search >= 2.2,
    scores.destination_info >= 1.6,
  ];
  const asksForPlan = scores.trip_planning >= 4;
  if (
    (parts.filter(Boolean).length >= 2 || (asksForPlan && parts.some(Boolean))) &&
    /\b(trip|vacation|holiday|plan|itinerary|getaway|honeymoon)\b/.test(lower)
  ) {
    scores.trip_planning += 2.5;
  }

  const ranked = (Object.entries(scores) as Array<[Exclude<Intent, 'other'>, number]>).sort(
    (a, b) => b[1] - a[1],
  );
  const [best, second] = ranked;
  if (best[1] < MIN_INTENT_SCORE) {
    if (best[1] === 0) return { intent: 'other', confidence: 0.9, weak: true, scores };
    return { intent: 'other', confidence: 0.6, weak: true, guess: best[0], scores };
  }
  // Hand-set so that one clear cue (score 3, nothing else) gives 0.96 and two intents with
  // equal weak evidence fall below CONFIDENCE_THRESHOLD.
  const margin = best[1] - second[1];
  const confidence = Math.min(0.98, 0.3 + 0.07 * best[1] + 0.15 * margin);
  return { intent: best[0], confidence, weak: best[1] < 2.5, scores };
}

function extractSlots(
  intent: Intent,
  text: string,
  lower: string,
  places: RoledPlace[],
  dates: DateReading,
  notes: string[],
  expected: Array<keyof Slots>,
  roles: DateRoles,
): Slots {
  const slots: Slots = {};
  const unmasked = maskSpans(lower, [...dates.mentions, ...places.map((place) => place.mention)]);

  if (intent === 'flight_search' || intent === 'trip_planning') {
    assignRoutePlaces(slots, places, expected);
    Object.assign(
      roles,
      answerRoles(assignDateRoles(text, dates.mentions, false), expected, 'return_date'),
    );
    if (roles.start) slots.depart_date = toIso(roles.start.date);
    if (roles.end) slots.return_date = toIso(roles.end.date);
    Object.assign(slots, extractParty(unmasked));
    const cabin = extractCabin(lower);
    if (cabin) slots.cabin = cabin;
    if (wantsDirect(lower)) slots.direct_only = true;
    // A trip plan also searches stays, so it reads pets like a stay search.
    const pets = intent === 'trip_planning' ? bringsPets(lower) : undefined;
    if (pets !== undefined) slots.pets = pets;
    Object.assign(slots, extractPrice(text));
    fillDefaultEnd(intent, slots, dates.stayLength);
    if (
      intent === 'trip_planning' &&
      !slots.depart_date &&
      /\bin (jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)/.test(lower)
    ) {
      notes.push('a month without a day gives no departure date');
    }
  } else if (intent === 'lodging_search') {
    // A city inside a hotel name ("Hyatt Place Washington DC") names the property, not the area.
    const hotelNames = findHotelNames(text);
    const areas = places.filter((p) => !insideSpans(p.mention, hotelNames));
    const place = areas.find((p) => p.role === 'location' || p.role === 'destination') ?? areas[0];
    if (place) slots.location = placeValue(place.mention.match, true);
    Object.assign(
      roles,
      answerRoles(assignDateRoles(text, dates.mentions, true), expected, 'check_out'),
    );
    if (roles.start) slots.check_in = toIso(roles.start.date);
    if (roles.end) slots.check_out = toIso(roles.end.date);
    Object.assign(slots, extractParty(unmasked));
    const pets = bringsPets(lower);
    if (pets !== undefined) slots.pets = pets;
    Object.assign(slots, extractPrice(text));
    const basis = slots.max_price === undefined ? undefined : extractPriceBasis(lower);
    if (basis) slots.price_basis = basis;
    fillDefaultEnd(intent, slots, dates.stayLength);
  } else if (intent === 'destination_info') {
    const place = places.find((p) => p.role !== 'origin') ?? places[0];
    if (place) slots.place = placeValue(place.mention.match, true);
    const url = extractUrl(text);
    if (url) slots.url = url;
    const topic = extractTopic(lower);
    if (topic) slots.topic = topic;
  } else if (intent === 'memory') {
    slots.memory_action = extractMemoryAction(lower);
  }
  return slots;
}

/**
 * Gives a lone unmarked date to the end slot when that is what the agent asked for ("the 15th"
 * after "when do you check out?").
 */
function answerRoles(
  roles: ReturnType<typeof assignDateRoles>,
  expected: Array<keyof Slots>,
  endKey: 'return_date' | 'check_out',
): { start?: DateMention; end?: DateMention } {
  const startKey = endKey === 'check_out' ? 'check_in' : 'depart_date';
  const asksEnd = expected.includes(endKey) && !expected.includes(startKey);
  if (asksEnd && roles.start && !roles.end && !roles.startMarked) return { end: roles.start };
  return roles;
}

function assignRoutePlaces(slots: Slots, places: RoledPlace[], expected: Array<keyof Slots>): void {
  // A bare place answering "where from?" is the origin.
  const answersOrigin =
    places.length === 1 &&
    places[0].role === 'unknown' &&
    expected.includes('origin') &&
    !expected.includes('destination');
  const origin = answersOrigin ? places[0] : places.find((place) => place.role === 'origin');
  const destination =
    places.find((place) => place.role === 'destination' && place !== origin) ??
    places.find((place) => place.role !== 'origin' && place !== origin);
  if (origin) {
    slots.origin = placeValue(origin.mention.match, false);
    const codes = placeCodes(origin.mention.match);
    if (codes) slots.origin_codes = codes;
  }
  if (destination) {
    slots.destination = placeValue(destination.mention.match, false);
    const codes = placeCodes(destination.mention.match);
    if (codes) slots.destination_codes = codes;
  }
}

/** Sets the return or check-out date from a stated stay length ("for a week"). */
function fillDefaultEnd(intent: Intent, slots: Slots, stayLength: number | undefined): void {
  if (!stayLength) return;
  const startKey = intent === 'lodging_search' ? 'check_in' : 'depart_date';
  const endKey = intent === 'lodging_search' ? 'check_out' : 'return_date';
  const start = slots[startKey];
  if (!start || slots[endKey]) return;
  const [year, month, day] = start.split('-').map(Number);
  slots[endKey] = toIso(addDays({ year, month, day }, stayLength));
}

function hasOwnDates(slots: Slots): boolean {
  return Boolean(slots.depart_date || slots.return_date || slots.check_in || slots.check_out);
}

function maskSpans(lower: string, spans: Array<{ start: number; end: number }>): string {
  let masked = lower;
  for (const { start, end } of spans) {
    masked = masked.slice(0, start) + ' '.repeat(end - start) + masked.slice(end);
  }
  return masked;
}

function missingSlots(intent: Intent, slots: Slots): Array<keyof Slots> {
  if (intent === 'destination_info') return slots.place || slots.url ? [] : ['place'];
  return REQUIRED_SLOTS[intent].filter((key) => slots[key] === undefined);
}
