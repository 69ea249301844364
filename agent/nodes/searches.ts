import type { LangGraphRunnableConfig } from '@langchain/langgraph';

import type { DestinationResult } from '../../tools/destination/index.js';
import type { FlightSearchResult } from '../../tools/flights/index.js';
import type { AgentDeps } from '../deps.js';
import type { Slots } from '../nlu/index.js';
import type { AgentStateType, AgentUpdate } from '../state.js';
import { offerChoicesOf } from './offer-choices.js';
import { childrenAgesFor } from './party.js';
import { callTool } from './tool-call.js';
import { currentUserText } from './understand.js';

/** Drops undefined fields so tool arguments, cache keys and events stay compact. */
function compact<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}

function slotsOf(state: AgentStateType): Slots {
  return state.classification?.slots ?? {};
}

/** Flight tool fields that are slots of the same name. */
const ROUTE_FIELDS = ['origin', 'destination'] as const;

/** Calls the flight tool with the turn's slots and keeps the top offers for "option 2". */
export function searchFlights(deps: AgentDeps) {
  return async (state: AgentStateType, config: LangGraphRunnableConfig): Promise<AgentUpdate> => {
    const slots = slotsOf(state);
    const args = compact({
      // The name as written lets the flight tool ask about an ambiguous city ("Portland").
      origin: slots.origin ?? slots.origin_codes?.[0] ?? '',
      destination: slots.destination ?? slots.destination_codes?.[0] ?? '',
      departDate: slots.depart_date ?? '',
      returnDate: slots.return_date,
      adults: slots.adults ?? 1,
      infants: slots.infants,
      childrenAges: childrenAgesFor(slots),
      cabin: slots.cabin,
      maxPrice: slots.max_price,
      currency: slots.currency,
      maxConnections: slots.direct_only ? 0 : undefined,
    });

    const outcome = await callTool(
      deps,
      config,
      {
        tool: 'search_flights',
        args,
        // Offers expire: a cached search is never served after its earliest offer's expiry.
        cache: {
          dataType: 'flight_search',
          expiresAt: (value) => (value as { expiresAt?: string }).expiresAt,
        },
      },
      (signal) => deps.flights.search(args, { signal, now: deps.now() }),
    );
    // A failed search leaves nothing to pick, so an older search's offers are not picked by mistake.
    const lastOffers = outcome.ok ? offerChoicesOf(outcome.result as FlightSearchResult) : [];
    // "Manchester could be MAN or MHT: which one?" makes a bare "MAN" next turn the origin.
    const questioned = ROUTE_FIELDS.find((field) => field === outcome.questionField);
    const expectedSlots = questioned ? [questioned] : [];
    return { toolOutcomes: [outcome], lastOffers, ...(questioned ? { expectedSlots } : {}) };
  };
}

/** Calls the lodging MCP server with the turn's slots; a trip plan stays for its flight dates. */
export function searchStays(deps: AgentDeps) {
  return async (state: AgentStateType, config: LangGraphRunnableConfig): Promise<AgentUpdate> => {
    const slots = slotsOf(state);
    const args = compact({
      location: slots.location ?? slots.destination ?? slots.place ?? '',
      checkIn: slots.check_in ?? slots.depart_date ?? '',
      checkOut: slots.check_out ?? slots.return_date ?? '',
      adults: slots.adults ?? 1,
      children: slots.children,
      infants: slots.infants,
      pets: slots.pets,
      maxPrice: slots.max_price,
      currency: slots.currency,
    });

    const outcome = await callTool(
      deps,
      config,
      { tool: 'search_accommodations', args, cache: { dataType: 'stay_search' } },
      (signal) => deps.lodging.search(args, { signal }),
    );
    return { toolOutcomes: [outcome] };
  };
}

/** Looks up facts and page passages about a destination, or reads the page the user gave. */
export function describeDestination(deps: AgentDeps) {
  return async (state: AgentStateType, config: LangGraphRunnableConfig): Promise<AgentUpdate> => {
    const slots = slotsOf(state);
    const args = compact({
      place: slots.place ?? slots.destination ?? slots.location,
      url: slots.url,
      topic: slots.topic,
      question: currentUserText(state),
    });

    const outcome = await callTool(
      deps,
      config,
      {
        tool: 'destination_guide',
        args,
        // Not cached as a whole: facts such as the local time must be current, and the costly
        // part, the page, is cached by URL inside the guide.
        cachedInside: (result) => (result as DestinationResult).pageCached === true,
      },
      (signal) => deps.destination.lookup(args, { signal }),
    );
    return { toolOutcomes: [outcome] };
  };
}
