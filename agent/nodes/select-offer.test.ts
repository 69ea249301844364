import { MemorySaver } from '@langchain/langgraph';
import { describe, expect, it } from 'vitest';

import { createToolCache } from '../../tools/cache/index.js';
import { createFlightSearch } from '../../tools/flights/index.js';
import { buildAgentGraph } from '../build-graph.js';
import type { AgentDeps } from '../deps.js';
import type { AgentEvent } from '../events.js';
import { silentLogger } from '../logger.js';

const SEARCHED_AT = new Date('2026-12-04T10:00:00Z');

/** Builds a graph over sample flights whose clock the test moves; other tools are never called. */
function sampleGraph() {
  const clock = { now: SEARCHED_AT };
  const deps = {
    flights: createFlightSearch({ logger: silentLogger }),
    lodging: {} as AgentDeps['lodging'],
    destination: {} as AgentDeps['destination'],
    cache: createToolCache({ logger: silentLogger }),
    logger: silentLogger,
    defaultTimeZone: 'Europe/Berlin',
    toolTimeoutMs: 5_000,
    tokenDelayMs: 0,
    now: () => clock.now,
  } satisfies AgentDeps;
  return { graph: buildAgentGraph(deps, { checkpointer: new MemorySaver() }), clock };
}

async function runTurn(
  graph: ReturnType<typeof sampleGraph>['graph'],
  threadId: string,
  message: string,
) {
  const events: AgentEvent[] = [];
  const stream = await graph.stream(
    { messages: [{ role: 'user', content: message, at: SEARCHED_AT.toISOString() }] },
    { configurable: { thread_id: threadId, user_id: 'u1' }, streamMode: ['custom', 'values'] },
  );
  let state: any;
  for await (const [mode, chunk] of stream as AsyncIterable<[string, any]>) {
    if (mode === 'custom') events.push(chunk);
    else state = chunk;
  }
  const toolEnds = events.flatMap((event) => (event.event === 'tool_end' ? [event.data] : []));
  return { events, toolEnds, reply: state.reply as string, state };
}

const SEARCH = 'flights from Berlin to Lisbon on 15 January 2027 for 2 adults';

describe('selectFlightOffer', () => {
  it('keeps the top offers of a search', async () => {
    const { graph } = sampleGraph();
    const { state, toolEnds } = await runTurn(graph, 't1', SEARCH);
    const offers = (toolEnds[0].result as { offers: Array<{ id: string; totalAmount: number }> })
      .offers;

    expect(state.lastOffers.length).toBe(Math.min(5, offers.length));
    expect(state.lastOffers[1].id).toBe(offers[1].id);
    expect(state.lastOffers[1].totalAmount).toBe(offers[1].totalAmount);
    expect(state.lastOffers[1].summary).toMatch(/BER .* → LIS/);
  });

  it('confirms an unchanged price in the same hour', async () => {
    const { graph } = sampleGraph();
    const search = await runTurn(graph, 't2', SEARCH);
    const quoted = search.state.lastOffers[1];

    const pick = await runTurn(graph, 't2', 'the second one');
    expect(pick.toolEnds[0].tool).toBe('get_flight_offer');
    expect(pick.toolEnds[0].cached).toBe(false);
    expect(pick.reply).toContain(
      `Option 2 still costs ${quoted.currency} ${quoted.totalAmount.toFixed(2)}`,
    );
  });

  it('reports a drifted price hours later', async () => {
    const { graph, clock } = sampleGraph();
    const search = await runTurn(graph, 't3', SEARCH);
    const quoted = search.state.lastOffers[1];

    clock.now = new Date(SEARCHED_AT.getTime() + 5 * 3_600_000);
    const pick = await runTurn(graph, 't3', 'book option 2');
    const recheck = pick.toolEnds[0].result as { offer: { totalAmount: number } };
    expect(recheck.offer.totalAmount).not.toBe(quoted.totalAmount);

    const was = `${quoted.currency} ${quoted.totalAmount.toFixed(2)}`;
    const now = `${quoted.currency} ${recheck.offer.totalAmount.toFixed(2)}`;
    expect(pick.reply).toContain(`was ${was}, now ${now}`);
    expect(pick.state.lastOffers[1].totalAmount).toBe(recheck.offer.totalAmount);
  });

  it('takes the cheapest as option 1', async () => {
    const { graph } = sampleGraph();
    const search = await runTurn(graph, 't4', SEARCH);
    const pick = await runTurn(graph, 't4', "I'll take the cheapest");
    expect(pick.toolEnds[0].args.offerId).toBe(search.state.lastOffers[0].id);
  });

  it('rejects an option beyond the list', async () => {
    const { graph } = sampleGraph();
    const search = await runTurn(graph, 't5', SEARCH);
    const count = search.state.lastOffers.length;
    const pick = await runTurn(graph, 't5', 'option 9');
    expect(pick.toolEnds).toHaveLength(0);
    expect(pick.reply).toContain(`there is no option 9: the last search listed ${count}`);
  });

  it('asks for a search when none ran', async () => {
    const { graph } = sampleGraph();
    const pick = await runTurn(graph, 't6', 'option 2');
    expect(pick.toolEnds).toHaveLength(0);
    expect(pick.reply).toMatch(/no flight search to pick option 2 from yet/);
  });

  it('keeps refining the search after a pick', async () => {
    const { graph } = sampleGraph();
    await runTurn(graph, 't7', SEARCH);
    await runTurn(graph, 't7', 'option 1');
    const refined = await runTurn(graph, 't7', 'make it business class');
    const args = refined.toolEnds[0].args as { origin: string; cabin: string };
    expect(refined.toolEnds[0].tool).toBe('search_flights');
    expect(args.origin).toBe('Berlin');
    expect(args.cabin).toBe('business');
  });
});
