import {
  END,
  START,
  Send,
  StateGraph,
  type BaseCheckpointSaver,
  type BaseStore,
} from '@langchain/langgraph';

import type { AgentDeps } from './deps.js';
import { manageMemory, rememberTurn } from './nodes/memory.js';
import { classifyTurn } from './nodes/offer-selection.js';
import { respond } from './nodes/respond.js';
import { describeDestination, searchFlights, searchStays } from './nodes/searches.js';
import { selectFlightOffer } from './nodes/select-offer.js';
import { recallMemory, startTurn } from './nodes/understand.js';
import { AgentState, type AgentStateType } from './state.js';

/** Routes a classified turn to its next node; trip planning fans out to every search at once. */
export function routeIntent(state: AgentStateType): string | Send[] {
  const classification = state.classification;
  if (!classification || classification.missing.length > 0) return 'respond';
  if (classification.intent === 'flight_search' && classification.slots.selection !== undefined) {
    return 'selectFlightOffer';
  }

  switch (classification.intent) {
    case 'flight_search':
      return 'searchFlights';
    case 'lodging_search':
      return 'searchStays';
    case 'destination_info':
      return 'describeDestination';
    case 'memory':
      return 'manageMemory';
    case 'trip_planning':
      return tripPlanningBranches(state);
    default:
      return 'respond';
  }
}

function tripPlanningBranches(state: AgentStateType): Send[] {
  const slots = state.classification?.slots ?? {};
  const branches: Send[] = [];
  if (slots.origin && slots.destination && slots.depart_date)
    branches.push(new Send('searchFlights', state));
  // A stay needs both ends. Without a return date, describeTrip requests one instead.
  const stayStart = slots.depart_date || slots.check_in;
  const stayEnd = slots.return_date || slots.check_out;
  if ((slots.destination || slots.location) && stayStart && stayEnd) {
    branches.push(new Send('searchStays', state));
  }
  if (slots.destination || slots.location || slots.place)
    branches.push(new Send('describeDestination', state));
  return branches.length > 0 ? branches : [new Send('respond', state)];
}

/** Builds and compiles the agent graph over the given dependencies. */
export function buildAgentGraph(
  deps: AgentDeps,
  options: { checkpointer?: BaseCheckpointSaver; store?: BaseStore } = {},
) {
  const graph = new StateGraph(AgentState)
    .addNode('startTurn', startTurn())
    .addNode('recallMemory', recallMemory(deps))
    // classifyTurn runs the rule classifier unless the turn picks an offer ("option 2").
    .addNode('classifyIntent', classifyTurn(deps))
    .addNode('searchFlights', searchFlights(deps))
    .addNode('selectFlightOffer', selectFlightOffer(deps))
    .addNode('searchStays', searchStays(deps))
    .addNode('describeDestination', describeDestination(deps))
    .addNode('manageMemory', manageMemory(deps))
    .addNode('respond', respond(deps))
    .addNode('rememberTurn', rememberTurn(deps))
    .addEdge(START, 'startTurn')
    // Classifying first lets recall skip the store for turns that use no memory.
    .addEdge('startTurn', 'classifyIntent')
    .addEdge('classifyIntent', 'recallMemory')
    .addConditionalEdges('recallMemory', routeIntent, [
      'searchFlights',
      'selectFlightOffer',
      'searchStays',
      'describeDestination',
      'manageMemory',
      'respond',
    ])
    .addEdge('searchFlights', 'respond')
    .addEdge('selectFlightOffer', 'respond')
    .addEdge('searchStays', 'respond')
    .addEdge('describeDestination', 'respond')
    .addEdge('manageMemory', 'respond')
    .addEdge('respond', 'rememberTurn')
    .addEdge('rememberTurn', END);

  return graph.compile({
    checkpointer: options.checkpointer,
    store: options.store,
    name: 'travel-agent',
  });
}

export type AgentGraph = ReturnType<typeof buildAgentGraph>;
