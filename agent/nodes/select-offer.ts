import type { LangGraphRunnableConfig } from '@langchain/langgraph';

import { ToolError } from '../../tools/types.js';
import type { AgentDeps } from '../deps.js';
import type { AgentStateType, AgentUpdate, OfferChoice, ToolOutcome } from '../state.js';
import type { OfferRecheck } from './offer-choices.js';
import { callTool } from './tool-call.js';

/** Tool name streamed in `tool_start` and `tool_end` for the re-fetch of a picked offer. */
export const GET_FLIGHT_OFFER_TOOL = 'get_flight_offer';

/** Builds the failed outcome of a pick that needs no call, such as "option 7" after five offers. */
function unanswerable(args: Record<string, unknown>, error: string): ToolOutcome {
  return { tool: GET_FLIGHT_OFFER_TOOL, args, ok: false, cached: false, durationMs: 0, error };
}

function describeRange(choices: OfferChoice[]): string {
  return choices.length === 1 ? 'option 1' : `a number from 1 to ${choices.length}`;
}

/**
 * Fetches the offer the user picked again, never from the cache, because its price may have
 * changed since the search. The new price replaces the quoted one in `lastOffers`, so a later
 * pick compares with what the user saw last.
 */
export function selectFlightOffer(deps: AgentDeps) {
  return async (state: AgentStateType, config: LangGraphRunnableConfig): Promise<AgentUpdate> => {
    const option = state.classification?.slots.selection ?? 0;
    const choices = state.lastOffers;
    const choice = choices[option - 1];

    if (!choice) {
      const error =
        choices.length === 0
          ? 'the last flight search found no offers to choose from. Tell me where and when you would like to fly, and I will search again.'
          : `there is no option ${option}: the last search listed ${choices.length}. Pick ${describeRange(choices)}.`;
      return { toolOutcomes: [unanswerable({ option }, error)] };
    }

    const args = { offerId: choice.id, option };
    const outcome = await callTool(
      deps,
      config,
      { tool: GET_FLIGHT_OFFER_TOOL, args },
      async (signal): Promise<OfferRecheck> => {
        if (!deps.flights.getOffer) {
          throw new ToolError(
            'unavailable',
            'This flight provider cannot fetch an offer again, so the current price is unknown. Search again for current prices.',
          );
        }
        const offer = await deps.flights.getOffer(choice.id, { signal, now: deps.now() });
        return {
          option,
          summary: choice.summary,
          quoted: { totalAmount: choice.totalAmount, currency: choice.currency },
          offer,
        };
      },
    );
    if (!outcome.ok) return { toolOutcomes: [outcome] };

    const { offer } = outcome.result as OfferRecheck;
    const lastOffers = choices.map((candidate) =>
      candidate.id === choice.id
        ? { ...candidate, totalAmount: offer.totalAmount, currency: offer.currency }
        : candidate,
    );
    return { toolOutcomes: [outcome], lastOffers };
  };
}
