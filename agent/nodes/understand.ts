import type { LangGraphRunnableConfig } from '@langchain/langgraph';

import type { AgentDeps } from '../deps.js';
import { emit, memoryStoreOf, userIdOf } from '../events.js';
import { recallMemories } from '../memory-access.js';
import { classify, type Classification, type Intent, type Slots } from '../nlu/index.js';
import { withRememberedDefaults } from './remembered-defaults.js';
import type { AgentStateType, AgentUpdate } from '../state.js';

/** Memories recalled per turn; enough for context without flooding the reply. */
const RECALL_LIMIT = 5;

const SEARCH_INTENTS: Intent[] = [
  'flight_search',
  'lodging_search',
  'destination_info',
  'trip_planning',
];

/** Text of the newest user message, which every node of a turn works on. */
export function currentUserText(state: AgentStateType): string {
  for (let index = state.messages.length - 1; index >= 0; index -= 1) {
    if (state.messages[index].role === 'user') return state.messages[index].content;
  }
  return '';
}

/** Clears the per-turn fields so nothing of the previous turn leaks into this one. */
export function startTurn() {
  return async (): Promise<AgentUpdate> => ({
    classification: null,
    recalled: [],
    toolOutcomes: [],
    reply: '',
  });
}

/** Vector search of this user's memories for the new message, for turns that search. */
export function recallMemory(deps: AgentDeps) {
  return async (state: AgentStateType, config: LangGraphRunnableConfig): Promise<AgentUpdate> => {
    // Greetings and out-of-scope turns mention no preference, and a memory turn searches the
    // store itself; only searches use recalled memories, so only they pay for the query.
    const intent = state.classification?.intent;
    const store = memoryStoreOf(config);
    if (!store || intent === undefined || intent === 'other' || intent === 'memory') {
      return { recalled: [] };
    }

    try {
      const userId = userIdOf(config);
      const recalled = await recallMemories(store, userId, currentUserText(state), RECALL_LIMIT);
      const filled = state.classification
        ? await withRememberedDefaults(store, userId, state.classification)
        : undefined;
      if (!filled) return { recalled };
      return {
        recalled,
        classification: filled,
        lastSearch: { intent: filled.intent, slots: filled.slots },
      };
    } catch (error) {
      if (config.signal?.aborted) throw error;
      // Memory is an enrichment: a slow or broken store must not fail the turn.
      deps.logger.warn({ err: (error as Error).message }, 'memory recall failed');
      return { recalled: [] };
    }
  };
}

/** Classifies the turn's intent and slots, carrying slots over from the previous search. */
export function classifyIntent(deps: AgentDeps) {
  return async (state: AgentStateType, config: LangGraphRunnableConfig): Promise<AgentUpdate> => {
    const expected = state.expectedSlots ?? [];
    const classification = classify(currentUserText(state), {
      now: deps.now(),
      timeZone: state.timeZone || deps.defaultTimeZone,
      previous: state.lastSearch ?? undefined,
      ...(expected.length > 0 ? { expected } : {}),
    });

    emitIntent(config, classification);
    return {
      classification,
      expectedSlots: [],
      lastSearch: searchAfter(classification, state.lastSearch),
    };
  };
}

/**
 * Rebuilds the previous search of a conversation from its earlier user messages, oldest first,
 * the way classifyIntent carries it from turn to turn. A client that keeps the conversation
 * itself (an OpenAI client without a user) gets its follow-ups read in context this way.
 */
export function replayLastSearch(
  userMessages: readonly string[],
  context: { now: Date; timeZone: string },
): { intent: Intent; slots: Slots } | undefined {
  let lastSearch: { intent: Intent; slots: Slots } | null = null;
  for (const text of userMessages) {
    const classification = classify(text, { ...context, previous: lastSearch ?? undefined });
    lastSearch = searchAfter(classification, lastSearch);
  }
  return lastSearch ?? undefined;
}

/** Returns the search a turn leaves for the next one: its own when it searched, else `previous`. */
function searchAfter(
  classification: Classification,
  previous: { intent: Intent; slots: Slots } | null,
): { intent: Intent; slots: Slots } | null {
  return SEARCH_INTENTS.includes(classification.intent)
    ? { intent: classification.intent, slots: classification.slots }
    : previous;
}

/** Streams a turn's classification as the `intent` event. */
export function emitIntent(config: LangGraphRunnableConfig, classification: Classification): void {
  emit(config, {
    event: 'intent',
    data: {
      intent: classification.intent,
      confidence: classification.confidence,
      slots: { ...classification.slots },
      missing: classification.missing.map(String),
      notes: classification.notes,
    },
  });
}
