import type { DateMention } from './dates.js';

/** A date's part in a trip: when it starts, or when it ends. */
export type DateRole = 'start' | 'end';

const END_BEFORE =
  /\b(return(s|ing)?( flight| date)?( is| will be)?( on| by)?|back( on| by)?|come back( on)?|coming back( on)?|get back( on)?|fly back( on)?|check(ing)?[- ]?out( date)?( is| will be| would be)?( on| as| of)?|leav(e|ing)( on)?|until|untill|till|til|through|thru|to|and( on)?|departing( on)?)\s*(the\s*)?$/;
const START_BEFORE =
  /\b(check(ing)?[- ]?in( on| is| date is| will be| on| for)?|arriv(e|ing|al)( on| will be( on)?)?|from|starting( on| from)?|depart(ing|ure)?( on)?|leav(e|ing)( on)?|fly(ing)? out( on)?|go(ing)?( on)?|on)\s*(the\s*)?$/;

/**
 * Splits dates into a start and an end. A range ("12-15 March") gives both; otherwise the
 * words before each date decide, and unmarked dates fill the start, then the end.
 * `leavingEnds` is true for lodging, where "I'm leaving on the 8th" is the check-out.
 */
export function assignDateRoles(
  text: string,
  mentions: DateMention[],
  leavingEnds: boolean,
): { start?: DateMention; end?: DateMention; endFromRange?: boolean; startMarked?: boolean } {
  const lower = text.toLowerCase();
  const first = mentions[0];
  if (!first) return {};
  if (first.endDate)
    return { start: first, end: { ...first, date: first.endDate }, endFromRange: true };

  let start: DateMention | undefined;
  let end: DateMention | undefined;
  let startMarked = false;
  const unmarked: DateMention[] = [];
  mentions.forEach((mention, index) => {
    const before = lower.slice(Math.max(0, mention.start - 32), mention.start);
    // "Leaving" and "departing" end a stay but start a flight.
    const isLeaving = /\b(leav(e|ing)|depart(ing)?)( on)?\s*(the\s*)?$/.test(before);
    const endCue = END_BEFORE.test(before) && (!isLeaving || leavingEnds);
    const rangeTo = /\b(to|through|thru|until|till|-|–)\s*(the\s*)?$/.test(before);
    if (
      endCue &&
      (!rangeTo || index > 0 || /\b(until|till|through)\s*(the\s*)?$/.test(before)) &&
      !end
    ) {
      end = mention;
    } else if (START_BEFORE.test(before) && !/\bon\s*(the\s*)?$/.test(before) && !start) {
      start = mention;
      startMarked = true;
    } else if (START_BEFORE.test(before) && !start) {
      start = mention;
    } else {
      unmarked.push(mention);
    }
  });
  for (const mention of unmarked) {
    if (!start && (!end || mention.start < end.start)) start = mention;
    else if (!end) end = mention;
  }
  return { start, end, startMarked };
}
