import { Annotation } from '@langchain/langgraph';

import type { Classification, Intent, Slots } from './nlu/index.js';

/** One line of the conversation as the graph keeps it: plain data, cheap to checkpoint. */
export interface ChatMessage {
  role: 'user' | 'assistant';
  content: string;
  at: string;
}

/** What one tool call produced in this turn, for the reply and for the `tool_end` event. */
export interface ToolOutcome {
  tool: string;
  args: Record<string, unknown>;
  ok: boolean;
  cached: boolean;
  durationMs: number;
  /** The tool's structured result when ok. */
  result?: unknown;
  /** A message the user can act on when the call failed. */
  error?: string;
  /** The input field that a failed call's question is about, such as `origin` for "Manchester". */
  questionField?: string;
}

/** An offer from the last flight search that the user can pick by its position ("option 2"). */
export interface OfferChoice {
  id: string;
  /** One line naming the flights, such as `TAP TP1204 BER 07:10 → LIS 09:55, Fri 15 May`. */
  summary: string;
  /** Total for all travellers when last quoted, taxes included. */
  totalAmount: number;
  currency: string;
}

/** Offers of the last flight search kept for "option 2"; the reply lists fewer. */
export const OFFER_CHOICE_LIMIT = 5;

/** A memory recalled for this turn. */
export interface RecalledNote {
  id: string;
  kind: string;
  topic: string;
  text: string;
  score: number;
}

/**
 * Messages kept in the checkpointed state. Older turns live in the thread log and in long-term
 * memory; keeping this short keeps each checkpoint small, so turn 200 costs what turn 1 costs.
 */
export const RECENT_MESSAGE_LIMIT = 12;

/** Characters of rolling summary kept in state. */
export const SUMMARY_LIMIT = 600;

function appendRecent(current: ChatMessage[], update: ChatMessage[] | ChatMessage): ChatMessage[] {
  const added = Array.isArray(update) ? update : [update];
  return [...current, ...added].slice(-RECENT_MESSAGE_LIMIT);
}

/** Replaces the value each turn; used for per-turn fields that must not leak into the next turn. */
function replace<T>(_current: T, update: T): T {
  return update;
}

export const AgentState = Annotation.Root({
  /** The recent conversation, bounded by RECENT_MESSAGE_LIMIT. */
  messages: Annotation<ChatMessage[]>({ reducer: appendRecent, default: () => [] }),
  /** A bounded summary of what the thread has been about, for context beyond the recent turns. */
  summary: Annotation<string>({ reducer: replace, default: () => '' }),
  /** The last search intent and its slots, carried over so follow-ups can refine them. */
  lastSearch: Annotation<{ intent: Intent; slots: Slots } | null>({
    reducer: replace,
    default: () => null,
  }),
  /**
   * The cheapest offers of the last flight search, in the order shown, at most
   * OFFER_CHOICE_LIMIT, with the price last quoted; empty before any flight search.
   */
  lastOffers: Annotation<OfferChoice[]>({ reducer: replace, default: () => [] }),
  /**
   * Slots the last reply requested beyond the classifier's own missing slots, such as the
   * origin after the flight tool's "MAN or MHT?". The next turn's classification reads them
   * and clears them.
   */
  expectedSlots: Annotation<Array<keyof Slots>>({ reducer: replace, default: () => [] }),
  /** The user's IANA time zone for this turn. */
  timeZone: Annotation<string>({ reducer: replace, default: () => 'UTC' }),

  // Per-turn fields: `startTurn` resets them at the beginning of every turn.
  classification: Annotation<Classification | null>({ reducer: replace, default: () => null }),
  recalled: Annotation<RecalledNote[]>({ reducer: replace, default: () => [] }),
  toolOutcomes: Annotation<ToolOutcome[]>({
    reducer: (current, update) => (update.length === 0 ? [] : [...current, ...update]),
    default: () => [],
  }),
  reply: Annotation<string>({ reducer: replace, default: () => '' }),
});

export type AgentStateType = typeof AgentState.State;
export type AgentUpdate = typeof AgentState.Update;
