import type { LangGraphRunnableConfig } from '@langchain/langgraph';
import { setTimeout as sleep } from 'node:timers/promises';

import type { AgentDeps } from '../deps.js';
import { emit } from '../events.js';
import { composeReply } from '../reply/compose.js';
import { SUMMARY_LIMIT, type AgentStateType, type AgentUpdate } from '../state.js';
import { currentUserText } from './understand.js';

/**
 * Tokens streamed between two yields to the event loop. Each yield lets other turns and
 * requests run; the tokens in between leave in one socket write. Measured with
 * bench/concurrent-chats.bench.ts: yielding after every token spent most server CPU in
 * socket writes at a thousand concurrent chats.
 */
const TOKENS_PER_YIELD = 4;

/** Splits a reply into word-sized tokens, keeping the whitespace so they join back exactly. */
export function tokenize(reply: string): string[] {
  return reply.match(/\s*\S+/g) ?? [];
}

/**
 * Writes the reply and streams it token by token. Each token waits for the event loop, so a
 * thousand concurrent turns interleave their tokens instead of flushing in one burst.
 */
export function respond(deps: AgentDeps) {
  return async (state: AgentStateType, config: LangGraphRunnableConfig): Promise<AgentUpdate> => {
    const classification = state.classification;
    const userText = currentUserText(state);
    const reply = classification
      ? composeReply({
          classification,
          outcomes: state.toolOutcomes,
          recalled: state.recalled,
          userText,
        })
      : 'Sorry, I did not understand that. Could you rephrase it?';

    const tokens = tokenize(reply);
    for (const [index, token] of tokens.entries()) {
      if (config.signal?.aborted) throw config.signal.reason;
      emit(config, { event: 'token', data: { text: token } });
      if (deps.tokenDelayMs > 0) await sleep(deps.tokenDelayMs);
      else if (index % TOKENS_PER_YIELD === TOKENS_PER_YIELD - 1)
        await new Promise((resolve) => setImmediate(resolve));
    }

    return {
      reply,
      messages: [{ role: 'assistant', content: reply, at: deps.now().toISOString() }],
      summary: summarize(state, classification?.intent ?? 'other'),
    };
  };
}

/** Keeps a short, bounded line per turn of what the thread was about. */
function summarize(state: AgentStateType, intent: string): string {
  const slots = state.classification?.slots ?? {};
  const detail = [
    slots.origin,
    slots.destination ?? slots.location ?? slots.place,
    slots.depart_date ?? slots.check_in,
  ]
    .filter(Boolean)
    .join(' ');
  const line = `${intent}${detail ? `: ${detail}` : ''}`;
  const combined = state.summary ? `${state.summary} | ${line}` : line;
  return combined.length > SUMMARY_LIMIT
    ? combined.slice(combined.length - SUMMARY_LIMIT)
    : combined;
}
