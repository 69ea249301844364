import type { LangGraphRunnableConfig } from '@langchain/langgraph';

import type { AgentDeps } from '../deps.js';
import type { Classification, Intent, Slots } from '../nlu/index.js';
import type { AgentStateType, AgentUpdate } from '../state.js';
import { classifyIntent, currentUserText, emitIntent } from './understand.js';

const POSITION_WORDS: Readonly<Record<string, number>> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  '1st': 1,
  '2nd': 2,
  '3rd': 3,
  '4th': 4,
  '5th': 5,
};

/** "option 2", "book offer #3", "number two". */
const NUMBERED =
  /\b(?:option|offer|flight|choice|number|no\.?|#)\s*#?\s*(\d{1,2}|one|two|three|four|five)\b/;
/** "the second one", "2nd option"; "first class" does not match. */
const ORDINAL =
  /\b(first|second|third|fourth|fifth|1st|2nd|3rd|4th|5th)\s+(?:one|option|offer|flight|choice)\b|\bthe\s+(first|second|third|fourth|fifth|1st|2nd|3rd|4th|5th)\s*(?:please)?\s*[.!]?$/;
/** "I'll take the cheapest": offers are listed cheapest first. */
const CHEAPEST = /\b(?:the\s+)?cheapest(?:\s+(?:one|option|offer|flight|fare))?\b/;
/** Words that make a message a new search rather than a pick from the last one. */
const NEW_SEARCH = /\b(?:from|to|between|via|flights|hotels?|stays?|tomorrow|next)\b/;
/** A pick is a short message; longer ones go to the classifier. */
const MAX_SELECTION_WORDS = 10;

/**
 * Reads which offer of the last search the user picks: 1 for "option 1", "the first one" or
 * "the cheapest". Undefined when the message is not a pick.
 */
export function readOfferSelection(text: string): number | undefined {
  const lower = text.toLowerCase().trim();
  if (lower.split(/\s+/).length > MAX_SELECTION_WORDS || NEW_SEARCH.test(lower)) return undefined;

  const numbered = NUMBERED.exec(lower);
  if (numbered) return Number(numbered[1]) || POSITION_WORDS[numbered[1]];

  const ordinal = ORDINAL.exec(lower);
  if (ordinal) return POSITION_WORDS[ordinal[1] ?? ordinal[2]];

  return CHEAPEST.test(lower) ? 1 : undefined;
}

function isFlightIntent(intent: Intent): boolean {
  return intent === 'flight_search' || intent === 'trip_planning';
}

/** Slots a flight search needs; asked for when a pick comes before any search. */
const SEARCH_SLOTS: Array<keyof Slots> = ['origin', 'destination', 'depart_date'];

function selectionClassification(state: AgentStateType, selection: number): Classification {
  const previous = state.lastSearch?.slots ?? {};
  return {
    intent: 'flight_search',
    confidence: 0.95,
    slots: { ...previous, selection },
    missing: state.lastSearch ? [] : SEARCH_SLOTS.filter((slot) => previous[slot] === undefined),
    notes: [],
  };
}

/**
 * Classifies a turn, first checking whether it picks an offer of the last flight search. The
 * check sits here, in the graph, rather than in the rule classifier, because only the graph
 * state records whether a flight search ran and which offers it showed. The classifier sees slots only.
 * A pick after a lodging search is left to the classifier, since "option 2" then means a stay.
 */
export function classifyTurn(deps: AgentDeps) {
  const classifyByRules = classifyIntent(deps);

  return async (state: AgentStateType, config: LangGraphRunnableConfig): Promise<AgentUpdate> => {
    const selection = readOfferSelection(currentUserText(state));
    const afterFlights = !state.lastSearch || isFlightIntent(state.lastSearch.intent);
    if (selection === undefined || !afterFlights) {
      return classifyByRules(state, config);
    }

    const classification = selectionClassification(state, selection);
    emitIntent(config, classification);
    // The last search stays as it was, so a later "make it business class" still refines it.
    // A pick answers no question about a slot, so none is expected next turn.
    return { classification, expectedSlots: [] };
  };
}
