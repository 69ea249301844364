import { addDays, localDate, toIso } from './calendar.js';
import { assignDateRoles } from './date-roles.js';
import { extractDates, type DateReading } from './dates.js';
import { carryOver, dateShift, looksLikeFollowUp, shiftDates } from './follow-up.js';
import { scoreIntents } from './intent-rules.js';
import { findRoledPlaces, placeCodes, placeValue, type RoledPlace } from './places-in-text.js';
import {
  bringsPets,
  extractCabin,
  extractMemoryAction,
  extractParty,
  extractPrice,
  extractTopic,
  extractUrl,
  wantsDirect,
} from './slot-rules.js';
import type { Classification, ClassifyContext, Intent, Slots } from './types.js';

/** Slots each intent needs before its tool can run. */
const REQUIRED: Record<Intent, Array<keyof Slots>> = {
  flight_search: ['origin', 'destination', 'depart_date'],
  lodging_search: ['location', 'check_in', 'check_out'],
  destination_info: ['place'],
  memory: [],
  trip_planning: ['destination', 'depart_date'],
  other: [],
};

const TRAVEL_VERB =
  /\b(go|going|travel|traveling|travelling|head|heading|leave|leaving|depart|departing|get to|visit|visiting|trip)\b/;

/** A score below this for every intent means the turn is `other`. */
const MIN_INTENT_SCORE = 1.5;

/** Classifies one user message and extracts its slots; deterministic for the same input and context. */
export function classify(text: string, context: ClassifyContext): Classification {
  if (typeof text !== 'string') throw new TypeError('classify: text must be a string');
  const today = localDate(context.now, context.timeZone);
  const lower = text.toLowerCase();
  const notes: string[] = [];

  const places = findRoledPlaces(text);
  const dates = extractDates(text, today, context.timeZone);
  notes.push(...dates.notes);

  const scored = pickIntent(lower, places, dates);
  let intent = scored.intent;
  let confidence = scored.confidence;

  const previous = context.previous;
  const followUp = previous !== undefined && isFollowUp(lower, intent, places, previous.intent);
  if (followUp && previous && (intent === 'other' || scored.weak)) {
    intent = previous.intent;
    confidence = 0.6;
  }

  let slots = extractSlots(intent, text, lower, places, dates, notes);
  if (followUp && previous) {
    let carried = carryOver(previous.intent, previous.slots, intent);
    const shift = dateShift(lower);
    if (shift !== 0 && !hasOwnDates(slots)) {
      carried = shiftDates(carried, shift);
      notes.push(`moved the previous dates by ${shift} days`);
    }
    slots = { ...carried, ...slots };
    fillDefaultEnd(intent, slots, dates.stayLength);
  }

  return {
    intent,
    confidence: Math.round(confidence * 100) / 100,
    slots,
    missing: missingSlots(intent, slots),
    notes,
  };
}

function pickIntent(
  lower: string,
  places: RoledPlace[],
  dates: DateReading,
): { intent: Intent; confidence: number; weak: boolean } {
  const scores = scoreIntents(lower);
  // A route with dates reads as a flight even without the word "flight".
  const hasOrigin = places.some((place) => place.role === 'origin');
  const hasDestination = places.some((place) => place.role === 'destination');
  if (hasOrigin && hasDestination) scores.flight_search += 1.6;
  else if (hasOrigin) scores.flight_search += 1.6;
  else if (hasDestination && TRAVEL_VERB.test(lower)) scores.flight_search += 1.6;
  if (
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
  if (
    parts.filter(Boolean).length >= 2 &&
    /\b(trip|vacation|holiday|plan|itinerary)\b/.test(lower)
  ) {
    scores.trip_planning += 2.5;
  }

  const ranked = (Object.entries(scores) as Array<[Exclude<Intent, 'other'>, number]>).sort(
    (a, b) => b[1] - a[1],
  );
  const [best, second] = ranked;
  if (best[1] < MIN_INTENT_SCORE) {
    return { intent: 'other', confidence: best[1] === 0 ? 0.9 : 0.6, weak: true };
  }
  const margin = best[1] - second[1];
  const confidence = Math.min(0.98, 0.55 + 0.08 * best[1] + 0.1 * margin);
  return { intent: best[0], confidence, weak: best[1] < 2.5 };
}

function isFollowUp(
  lower: string,
  intent: Intent,
  places: RoledPlace[],
  previousIntent: Intent,
): boolean {
  if (looksLikeFollowUp(lower)) return true;
  if (dateShift(lower) !== 0) return true;
  const searchIntents: Intent[] = ['flight_search', 'lodging_search', 'trip_planning'];
  return intent === previousIntent && searchIntents.includes(intent) && places.length === 0;
}

function extractSlots(
  intent: Intent,
  text: string,
  lower: string,
  places: RoledPlace[],
  dates: DateReading,
  notes: string[],
): Slots {
  const slots: Slots = {};
  const unmasked = maskSpans(lower, [...dates.mentions, ...places.map((place) => place.mention)]);

  if (intent === 'flight_search' || intent === 'trip_planning') {
    assignRoutePlaces(slots, places);
    const { start, end } = assignDateRoles(text, dates.mentions, false);
    if (start) slots.depart_date = toIso(start.date);
    if (end) slots.return_date = toIso(end.date);
    Object.assign(slots, extractParty(unmasked));
    const cabin = extractCabin(lower);
    if (cabin) slots.cabin = cabin;
    if (wantsDirect(lower)) slots.direct_only = true;
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
    const place =
      places.find((p) => p.role === 'location' || p.role === 'destination') ?? places[0];
    if (place) slots.location = placeValue(place.mention.match, true);
    const { start, end } = assignDateRoles(text, dates.mentions, true);
    if (start) slots.check_in = toIso(start.date);
    if (end) slots.check_out = toIso(end.date);
    Object.assign(slots, extractParty(unmasked));
    if (bringsPets(lower)) slots.pets = true;
    Object.assign(slots, extractPrice(text));
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

function assignRoutePlaces(slots: Slots, places: RoledPlace[]): void {
  const origin = places.find((place) => place.role === 'origin');
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
  return REQUIRED[intent].filter((key) => slots[key] === undefined);
}
