import type { LangGraphRunnableConfig } from '@langchain/langgraph';

import { extractMemories } from '../../memory/index.js';
import type { AgentDeps } from '../deps.js';
import { emit, memoryStoreOf, userIdOf } from '../events.js';
import {
  forgetMemories,
  listMemories,
  recallMemories,
  rememberMemories,
} from '../memory-access.js';
import type { AgentStateType, AgentUpdate } from '../state.js';
import { callTool } from './tool-call.js';
import { currentUserText } from './understand.js';

/** Maximum memories listed in reply to a recall question about one topic. */
const RECALL_ANSWER_LIMIT = 5;

/** Memories listed for a question about the user in general. */
const LIST_ANSWER_LIMIT = 20;

/** Questions about the user as a whole rather than one topic. */
const GENERAL_RECALL =
  /\b(about me|about myself|my (preferences|details|profile|memories)|(what|anything) (do |did )?you (know|remember|have)( saved| stored)?( about me)?\s*\??$|what have i told you)\b/i;

/** "Forget everything", "delete all my memories": erase every memory of the user. */
const FORGET_ALL =
  /\b(everything|all (of )?(my |the |your )?(memories|preferences|data|info\w*|details|facts)|all (that )?you know|anything you know|it all)\b/i;

/**
 * Handles a turn about the user's own memory: store what they state, recall what they ask
 * about, or forget what they withdraw. Only the user's own words are ever stored.
 */
export function manageMemory(deps: AgentDeps) {
  return async (state: AgentStateType, config: LangGraphRunnableConfig): Promise<AgentUpdate> => {
    const store = memoryStoreOf(config);
    const text = currentUserText(state);
    const userId = userIdOf(config);
    const action = state.classification?.slots.memory_action ?? 'recall';

    if (!store) {
      return {
        toolOutcomes: [
          {
            tool: 'memory',
            args: { action },
            ok: false,
            cached: false,
            durationMs: 0,
            error: config.store
              ? 'Long-term memory needs to know who you are: send a user id (`user` or the X-User-Id header).'
              : 'Long-term memory is not available on this server.',
          },
        ],
      };
    }

    if (action === 'store') {
      const memories = extractMemories(text);
      const outcome = await callTool(
        deps,
        config,
        { tool: 'remember', args: { count: memories.length } },
        async () => {
          const stored = await rememberMemories(store, userId, memories);
          return { stored, memories };
        },
      );
      if (outcome.ok)
        emit(config, { event: 'memory', data: { action: 'store', count: memories.length } });
      return { toolOutcomes: [outcome] };
    }

    if (action === 'forget') {
      const all = FORGET_ALL.test(text);
      const args = all ? { all: true } : { query: text };
      const outcome = await callTool(deps, config, { tool: 'forget', args }, async () => {
        const deleted = await forgetMemories(store, userId, args);
        // When nothing matched, show what is saved so the user can name it exactly.
        const remaining = deleted === 0 ? await listMemories(store, userId) : [];
        return { deleted, all, remaining: remaining.slice(0, RECALL_ANSWER_LIMIT) };
      });
      return { toolOutcomes: [outcome] };
    }

    // "What do you know about me?" names no topic, so it matches no memory by meaning: list
    // them all instead.
    const general = GENERAL_RECALL.test(text);
    const outcome = await callTool(
      deps,
      config,
      { tool: 'recall', args: general ? { all: true } : { query: text } },
      async () => ({
        memories: general
          ? (await listMemories(store, userId)).slice(0, LIST_ANSWER_LIMIT)
          : await recallMemories(store, userId, text, RECALL_ANSWER_LIMIT),
        general,
      }),
    );
    return { toolOutcomes: [outcome] };
  };
}

/**
 * Stores preferences and facts the user mentioned in passing during other intents ("I'm
 * vegetarian, find me a hotel"). Runs after the reply, so it never delays the answer.
 */
export function rememberTurn(deps: AgentDeps) {
  return async (state: AgentStateType, config: LangGraphRunnableConfig): Promise<AgentUpdate> => {
    const store = memoryStoreOf(config);
    if (!store || state.classification?.intent === 'memory') return {};

    const memories = extractMemories(currentUserText(state));
    if (memories.length === 0) return {};

    try {
      await rememberMemories(store, userIdOf(config), memories);
      emit(config, { event: 'memory', data: { action: 'store', count: memories.length } });
    } catch (error) {
      if (config.signal?.aborted) throw error;
      deps.logger.warn({ err: (error as Error).message }, 'storing memories failed');
    }
    return {};
  };
}
