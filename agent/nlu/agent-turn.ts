import type { ClassifyContext, Intent, Slots } from './types.js';

const LODGING_WORDS =
  /\b(hotels?|house|rooms?|stay(ing)?|check(ing)?[- ]?(in|out)|rent(ing|al)?|reservation|booking|property|guests?|rating)\b/i;
const FLIGHT_WORDS =
  /\b(flights?|fly|flying|airlines?|airport|tickets?|depart(ing|ure)?|return(ing)?|leav(e|ing)|travel(l?ing)?|going|visit|trip|outbound|inbound|layovers?|seats?|economy)\b/i;

/** Questions that ask for one slot, checked in order; the first match per slot wins. */
const ASKS: Array<{ slot: keyof Slots; pattern: RegExp; lodging?: boolean }> = [
  {
    slot: 'check_out',
    pattern: /\b(check(ing)?[- ]?out|leav(e|ing)|depart(ing)?|how (long|many days))\b/i,
    lodging: true,
  },
  { slot: 'check_in', pattern: /\b(check(ing)?[- ]?in|arriv(e|ing|al)|start)\b/i, lodging: true },
  {
    slot: 'location',
    pattern: /\b(where|which city|what city|city|area|location|located)\b/i,
    lodging: true,
  },
  { slot: 'return_date', pattern: /\b(return(ing)?|come back|coming back|get back)\b/i },
  {
    slot: 'origin',
    pattern:
      /\b(from where|where .*\bfrom|depart(ing|ure)? (city|station|from)|leaving from|leave from|origin)\b/i,
  },
  {
    slot: 'destination',
    pattern: /\b(where .*\b(go|going|travel|visit|fly|flying|to)|destination|arrival city)\b/i,
  },
  {
    slot: 'depart_date',
    pattern:
      /\b(when|what day|which day|date)\b.*\b(leave|leaving|depart|departing|travel|fly|go)\b|\b(leav(e|ing)|depart(ing)?) on\b/i,
  },
  { slot: 'adults', pattern: /\bhow many (people|persons|passengers|tickets|guests|adults)\b/i },
];

/**
 * Reads the agent's previous turn as context for `classify`: the search it belongs to and the
 * slots it requests. Evaluation uses it because labelled dialogues store only the agent's words.
 * The agent itself passes the previous classification instead.
 */
export function readAgentTurn(agentText: string | undefined): Partial<ClassifyContext> {
  if (!agentText) return {};
  const lodging = LODGING_WORDS.test(agentText);
  const flight = FLIGHT_WORDS.test(agentText);
  if (!lodging && !flight) return {};
  const intent: Intent = lodging ? 'lodging_search' : 'flight_search';
  const expected = ASKS.filter(
    ({ pattern, lodging: forLodging }) =>
      (forLodging === true) === lodging &&
      pattern.test(agentText) &&
      /\?|please|tell me/i.test(agentText),
  ).map(({ slot }) => slot);
  return { previous: { intent, slots: {} }, expected };
}
