import type { InvalidDate } from './dates.js';
import type { Intent, Slots } from './types.js';

type DateSlot = 'depart_date' | 'return_date' | 'check_in' | 'check_out';

const END_WORDS =
  /\b(return(ing)?|back|until|till|through|check(ing)?[- ]?out|leav(e|ing)|depart(ing)?)\b[^.,;]*$/;
const START_WORDS =
  /\b(from|check(ing)?[- ]?in|arriv(e|ing)|depart(ing)?|leav(e|ing)|on)\b[^.,;]*$/;

/**
 * Picks the slot an impossible date was meant for from the words before it. Without such words
 * it picks the intent's first date slot that is still empty.
 */
export function slotOfInvalidDate(
  intent: Intent,
  lower: string,
  invalid: InvalidDate,
  slots: Slots,
): DateSlot {
  const lodging = intent === 'lodging_search';
  const startKey: DateSlot = lodging ? 'check_in' : 'depart_date';
  const endKey: DateSlot = lodging ? 'check_out' : 'return_date';
  const before = lower.slice(Math.max(0, invalid.start - 30), invalid.start);
  const leaving = /\b(leav(e|ing)|depart(ing)?)\b[^.,;]*$/.test(before);
  if (END_WORDS.test(before) && (!leaving || lodging)) return endKey;
  if (START_WORDS.test(before)) return startKey;
  return slots[startKey] === undefined ? startKey : endKey;
}

/**
 * Removes an end date that comes too early and returns the notes and the slot to ask for again.
 * A stay needs at least one night, but a flight may return on the day it leaves.
 */
export function dropEndBeforeStart(
  intent: Intent,
  slots: Slots,
): { notes: string[]; missing: DateSlot[] } {
  const lodging = intent === 'lodging_search';
  const startKey: DateSlot = lodging ? 'check_in' : 'depart_date';
  const endKey: DateSlot = lodging ? 'check_out' : 'return_date';
  const start = slots[startKey];
  const end = slots[endKey];
  if (!start || !end) return { notes: [], missing: [] };
  const tooEarly = lodging ? end <= start : end < start;
  if (!tooEarly) return { notes: [], missing: [] };
  delete slots[endKey];
  const rule = lodging ? 'must be after' : 'must not be before';
  return {
    notes: [`${endKey} ${end} ${rule} ${startKey} ${start}; ask for ${endKey} again`],
    missing: [endKey],
  };
}

const PARTY_NOUNS: Array<[RegExp, 'adults' | 'children' | 'infants']> = [
  [
    /^(adults?|grown[- ]?ups|people|persons?|guests?|travell?ers?|passengers?|tickets?|seats?)$/,
    'adults',
  ],
  [/^(kids?|children|child|minors?|teenagers?)$/, 'children'],
  [/^(infants?|bab(y|ies)|toddlers?)$/, 'infants'],
];

/** Counts above this are not a party the tools can search for, whatever the provider's cap. */
const LARGEST_PLAUSIBLE_COUNT = 99;

/**
 * Finds traveller counts written as impossible numbers ("0 adults", "-3 adults", "99999
 * passengers"), which the extractor would otherwise skip or read without the sign, and asks
 * for them again instead of searching with a default.
 */
export function checkTravellerCounts(
  lower: string,
  slots: Slots,
): { notes: string[]; missing: Array<keyof Slots> } {
  const notes: string[] = [];
  const missing: Array<keyof Slots> = [];
  for (const match of lower.matchAll(/(^|[^\w.])(-?\d+)\s+([a-z-]+)/g)) {
    const noun = PARTY_NOUNS.find(([pattern]) => pattern.test(match[3]));
    if (!noun) continue;
    const [, slot] = noun;
    const value = Number(match[2]);
    const invalid =
      value < 0 || value > LARGEST_PLAUSIBLE_COUNT || (slot === 'adults' && value === 0);
    if (!invalid || missing.includes(slot)) continue;
    delete slots[slot];
    notes.push(`${slot}: ${match[2]} is not a valid number of travellers; ask again`);
    missing.push(slot);
  }
  return { notes, missing };
}
