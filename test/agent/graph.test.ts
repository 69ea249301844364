import { InMemoryStore, MemorySaver } from '@langchain/langgraph';
import { describe, expect, it } from 'vitest';

import { buildAgentGraph } from '../../agent/build-graph.js';
import type { AgentDeps } from '../../agent/deps.js';
import type { AgentEvent } from '../../agent/events.js';
import { silentLogger } from '../../agent/logger.js';
import { createToolCache } from '../../tools/cache/index.js';
import { ToolError } from '../../tools/types.js';

const NOW = new Date('2026-12-04T10:00:00Z');

interface Calls {
  flights: unknown[];
  stays: unknown[];
  destinations: unknown[];
}

function fakeDeps(overrides: Partial<AgentDeps> = {}): { deps: AgentDeps; calls: Calls } {
  const calls: Calls = { flights: [], stays: [], destinations: [] };
  const deps: AgentDeps = {
    flights: {
      provider: 'sample',
      async search(input: { origin: string; destination: string }) {
        calls.flights.push(input);
        return {
          provider: 'sample',
          sample: true,
          origin: { query: input.origin, codes: [input.origin], name: input.origin },
          destination: {
            query: input.destination,
            codes: [input.destination],
            name: input.destination,
          },
          offers: [],
        } as never;
      },
    },
    lodging: {
      async search(input: { location: string }) {
        calls.stays.push(input);
        return {
          server: 'fake',
          location: { name: input.location },
          offers: [],
          sample: true,
        } as never;
      },
      async health() {
        return { status: 'ok', backend: 'fake' };
      },
      async close() {},
    } as never,
    destination: {
      async close() {},
      async fetchArticle(): Promise<never> {
        throw new Error('no pages in this test');
      },
      async lookup(input: { place?: string }) {
        calls.destinations.push(input);
        return {
          place: { name: input.place ?? 'page' },
          facts: [{ label: 'Country', value: 'Portugal', source: 'test' }],
          passages: [],
          offline: true,
          notes: [],
        } as never;
      },
    },
    cache: createToolCache({ logger: silentLogger }),
    logger: silentLogger,
    defaultTimeZone: 'Europe/Berlin',
    toolTimeoutMs: 2000,
    tokenDelayMs: 0,
    now: () => NOW,
    ...overrides,
  };
  return { deps, calls };
}

async function runTurn(
  graph: ReturnType<typeof buildAgentGraph>,
  message: string,
  options: { threadId?: string; userId?: string; signal?: AbortSignal } = {},
) {
  const events: AgentEvent[] = [];
  const stream = await graph.stream(
    { messages: [{ role: 'user', content: message, at: NOW.toISOString() }] },
    {
      configurable: {
        thread_id: options.threadId ?? crypto.randomUUID(),
        user_id: options.userId ?? 'u1',
      },
      streamMode: ['custom', 'values'],
      signal: options.signal,
    },
  );
  let reply = '';
  for await (const [mode, chunk] of stream as AsyncIterable<[string, any]>) {
    if (mode === 'custom') events.push(chunk);
    else reply = chunk.reply;
  }
  return { events, reply, names: events.map((event) => event.event) };
}

describe('agent graph', () => {
  it('routes a flight request to the flight tool and streams the reply', async () => {
    const { deps, calls } = fakeDeps();
    const graph = buildAgentGraph(deps, {
      checkpointer: new MemorySaver(),
      store: new InMemoryStore(),
    });

    const { names, events, reply } = await runTurn(
      graph,
      'flights from Berlin to Lisbon next Friday for 2 adults',
    );

    expect(names.slice(0, 3)).toEqual(['intent', 'tool_start', 'tool_end']);
    expect(calls.flights).toHaveLength(1);
    expect(calls.flights[0]).toMatchObject({ adults: 2, departDate: '2026-12-11' });
    const tokens = events
      .filter((event) => event.event === 'token')
      .map((event) => (event.data as { text: string }).text);
    expect(tokens.join('')).toBe(reply);
    expect(reply.length).toBeGreaterThan(0);
  });

  it('turns a tool error into a reply', async () => {
    const { deps } = fakeDeps({
      flights: {
        provider: 'sample',
        async search() {
          throw new ToolError('invalid_input', 'The return date is before the departure date.');
        },
      },
    });
    const graph = buildAgentGraph(deps, { checkpointer: new MemorySaver() });

    const { events, reply } = await runTurn(
      graph,
      'flights from Berlin to Lisbon next Friday for 2 adults',
    );

    const end = events.find((event) => event.event === 'tool_end')!.data as {
      ok: boolean;
      error: string;
    };
    expect(end.ok).toBe(false);
    expect(end.error).toMatch(/return date/);
    expect(reply).toMatch(/return date is before/);
  });

  it('takes a bare answer to an airport question as that field', async () => {
    const searched: Array<{ origin: string; destination: string }> = [];
    const { deps } = fakeDeps({
      flights: {
        provider: 'sample',
        async search(input: { origin: string; destination: string }) {
          searched.push(input);
          if (input.origin === 'Manchester') {
            throw new ToolError(
              'ambiguous',
              'Manchester could be MAN (Manchester, GB) or MHT (Manchester, US): which one?',
              { field: 'origin', codes: ['MAN', 'MHT'] },
            );
          }
          return {
            provider: 'sample',
            sample: true,
            origin: { query: input.origin, codes: [input.origin], name: input.origin },
            destination: { query: input.destination, codes: ['LIS'], name: 'Lisbon' },
            offers: [],
          } as never;
        },
      } as never,
    });
    const graph = buildAgentGraph(deps, { checkpointer: new MemorySaver() });
    const threadId = crypto.randomUUID();

    const question = await runTurn(graph, 'flights from Manchester to Lisbon next Friday', {
      threadId,
    });
    await runTurn(graph, 'MAN', { threadId });

    expect(question.reply).toMatch(/MAN .* or MHT .*which one\?/);
    expect(searched).toHaveLength(2);
    expect(searched[1]).toMatchObject({ origin: 'MAN', destination: 'Lisbon' });
  });

  it('stops a tool that hangs at the time limit', async () => {
    const { deps } = fakeDeps({
      toolTimeoutMs: 100,
      flights: { provider: 'sample', search: () => new Promise(() => undefined) },
    });
    const graph = buildAgentGraph(deps, { checkpointer: new MemorySaver() });

    const { reply } = await runTurn(
      graph,
      'flights from Berlin to Lisbon next Friday for 2 adults',
    );

    expect(reply).toMatch(/too long/);
  });

  it('asks for a missing destination without calling a tool', async () => {
    const { deps, calls } = fakeDeps();
    const graph = buildAgentGraph(deps, { checkpointer: new MemorySaver() });

    const { names, reply } = await runTurn(graph, 'I need a flight from Berlin next Friday');

    expect(names).not.toContain('tool_start');
    expect(calls.flights).toHaveLength(0);
    expect(reply).toMatch(/where/i);
  });

  it('fans a trip plan out to every search', async () => {
    const { deps, calls } = fakeDeps();
    const graph = buildAgentGraph(deps, { checkpointer: new MemorySaver() });

    const { events } = await runTurn(
      graph,
      'plan a trip from London to Rome from 10 to 15 May with flights, a hotel and things to do',
    );

    const tools = events
      .filter((event) => event.event === 'tool_start')
      .map((event) => (event.data as { tool: string }).tool);
    expect(new Set(tools)).toEqual(
      new Set(['search_flights', 'search_accommodations', 'destination_guide']),
    );
    expect(calls.stays).toHaveLength(1);
    expect(calls.destinations).toHaveLength(1);
  });

  it('looks a destination up again on every turn', async () => {
    const { deps, calls } = fakeDeps();
    const graph = buildAgentGraph(deps, {
      checkpointer: new MemorySaver(),
      store: new InMemoryStore(),
    });

    const first = await runTurn(graph, 'what should I know before visiting Lisbon?');
    const second = await runTurn(graph, 'what should I know before visiting Lisbon?');

    // Facts such as the local time must be current, so only the page inside is cached.
    expect(calls.destinations).toHaveLength(2);
    for (const { events } of [first, second]) {
      const end = events.find((event) => event.event === 'tool_end');
      expect(end?.data).toMatchObject({ tool: 'destination_guide', ok: true, cached: false });
    }
  });

  it('asks for the return before searching stays on a trip', async () => {
    const { deps, calls } = fakeDeps();
    const graph = buildAgentGraph(deps, { checkpointer: new MemorySaver() });

    const { reply } = await runTurn(graph, 'plan a trip from London to Porto on 12 March');

    expect(calls.flights).toHaveLength(1);
    expect(calls.stays).toHaveLength(0);
    expect(reply).toContain('tell me when you come back');
  });

  it('keeps memories apart per user', async () => {
    const { deps } = fakeDeps();
    const store = new InMemoryStore();
    const graph = buildAgentGraph(deps, { checkpointer: new MemorySaver(), store });

    await runTurn(graph, 'I prefer aisle seats', { userId: 'ann' });
    const mine = await store.search(['ann', 'memories']);
    const theirs = await store.search(['ben', 'memories']);

    expect(mine.map((item) => item.value.text).join(' ')).toMatch(/aisle/);
    expect(theirs).toHaveLength(0);
  });

  it('takes the origin from a stored home airport', async () => {
    const { deps, calls } = fakeDeps();
    const store = new InMemoryStore();
    const graph = buildAgentGraph(deps, { checkpointer: new MemorySaver(), store });

    await runTurn(graph, 'My home airport is Lisbon.', { userId: 'ann' });
    await runTurn(graph, 'flights to Rome next Friday', { userId: 'ann' });
    const { names } = await runTurn(graph, 'flights to Rome next Friday', { userId: 'ben' });

    expect(calls.flights).toHaveLength(1);
    expect(calls.flights[0]).toMatchObject({ origin: 'Lisbon', destination: 'Rome' });
    expect(names).not.toContain('tool_start');
  });

  it('keeps a stated no-pets over a stored pet', async () => {
    const { deps, calls } = fakeDeps();
    const store = new InMemoryStore();
    const graph = buildAgentGraph(deps, { checkpointer: new MemorySaver(), store });
    const threadId = crypto.randomUUID();

    await runTurn(graph, 'I always travel with my dog.', { userId: 'ann' });
    await runTurn(graph, 'hotels in Rome from December 20 to December 23', {
      userId: 'ann',
      threadId,
    });
    await runTurn(graph, 'without the dog this time', { userId: 'ann', threadId });
    // Each search uses other dates, because the tool cache returns a repeated search itself.
    await runTurn(graph, 'hotels in Rome from December 21 to December 24, no pets', {
      userId: 'ann',
    });
    await runTurn(graph, 'plan a trip to Rome from December 22 to 25, leaving the dog at home', {
      userId: 'ann',
    });

    expect(calls.stays).toHaveLength(4);
    expect(calls.stays[0]).toMatchObject({ pets: true });
    expect(calls.stays[1]).toMatchObject({ pets: false });
    expect(calls.stays[2]).toMatchObject({ pets: false });
    expect(calls.stays[3]).toMatchObject({ pets: false });
  });

  it('ignores a stored home airport that is no place', async () => {
    const { deps, calls } = fakeDeps();
    const store = new InMemoryStore();
    const graph = buildAgentGraph(deps, { checkpointer: new MemorySaver(), store });

    await runTurn(graph, 'My home airport is The one near my house.', { userId: 'ann' });
    // An older version stored such memories, and "THE" is the code of the airport of Teresina.
    await store.put(['ben', 'memories'], 'preference:home_airport', {
      kind: 'preference',
      topic: 'home_airport',
      text: 'My home airport is The.',
    });
    await runTurn(graph, 'flights to Rome next Friday', { userId: 'ann' });
    await runTurn(graph, 'flights to Rome next Friday', { userId: 'ben' });

    expect(calls.flights).toEqual([]);
  });

  it('confirms a travelling pet as a memory', async () => {
    const { deps } = fakeDeps();
    const store = new InMemoryStore();
    const graph = buildAgentGraph(deps, { checkpointer: new MemorySaver(), store });

    const { reply } = await runTurn(graph, 'I travel with my dog', { userId: 'ann' });

    expect(reply).toContain('I will remember');
    expect(reply).toContain('I travel with my dog');
  });

  it('greets without tools', async () => {
    const { deps } = fakeDeps();
    const graph = buildAgentGraph(deps, { checkpointer: new MemorySaver() });

    const { names, reply } = await runTurn(graph, 'hello there');

    expect(names).not.toContain('tool_start');
    expect(reply).toMatch(/hello/i);
  });

  it('stops streaming when the caller aborts', async () => {
    const { deps } = fakeDeps({ tokenDelayMs: 20 });
    const graph = buildAgentGraph(deps, { checkpointer: new MemorySaver() });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('client left')), 60);

    await expect(runTurn(graph, 'hello there', { signal: controller.signal })).rejects.toThrow();
  });
});
