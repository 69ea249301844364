import type { InvalidDate } from './dates.js';
import type { Intent, Slots } from './types.js';

type DateSlot = 'depart_date' | 'return_date' | 'check_in' | 'check_out';

const END_WORDS =
  /\b(return(ing)?|back|until|till|through|check(ing)?[- ]?out|leav(e|ing)|depart(ing)?)\b[^.,;]*$/;
const START_WORDS =
  /\b(from|check(ing)?[- ]?in|arriv(e|ing)|depart(ing)?|leav(e|ing)|on)\b[^.,;]*$/;

/**
 * Names the slot an impossible date was meant for, from the words before it; falls back to the
 * first date slot of the intent that is still empty.
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
 * Removes an end date that is not after its start date and returns the notes and the slot to
 * ask again. A stay needs at least one night; a flight may return the same day.
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
