import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { loadConfig } from '../../agent/config.js';
import { silentLogger } from '../../agent/logger.js';
import { createAgentRuntime } from '../../agent/runtime.js';
import { createFlightSearch, type FlightSearch } from '../../tools/flights/index.js';
import { createRuntimeHandle, type RuntimeHandle } from './lazy-runtime.js';
import { createTravelAgentMcpServer } from './server.js';
import {
  expectCancelledChat,
  expectDirectTools,
  expectTwoTurnChat,
  isoDay,
  recordTraffic,
  type Traffic,
} from './testing/scenarios.js';

/** Flight search that, while `hold` is set, waits until its call is aborted. */
function holdableFlights(real: FlightSearch) {
  const gate = { hold: false, aborts: 0 };
  const flights: FlightSearch = {
    provider: real.provider,
    search(input, options) {
      if (!gate.hold) return real.search(input, options);
      return new Promise((_resolve, reject) => {
        options?.signal?.addEventListener('abort', () => {
          gate.aborts += 1;
          reject(options.signal?.reason);
        });
      });
    },
  };
  return { gate, flights };
}

async function connect(
  runtime: RuntimeHandle,
  userId = 'mcp-test',
): Promise<{ client: Client; traffic: Traffic }> {
  const server = createTravelAgentMcpServer({ runtime, userId, logger: silentLogger });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: 'server-test', version: '1.0.0' });
  await client.connect(clientSide);
  return { client, traffic: recordTraffic(clientSide) };
}

function text(result: CallToolResult): string {
  return result.content.map((item) => (item.type === 'text' ? item.text : '')).join('\n');
}

let dataDir: string;
let runtime: RuntimeHandle;
let flightGate: { hold: boolean; aborts: number };
const clients: Client[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'travel-agent-mcp-'));
  const { gate, flights } = holdableFlights(createFlightSearch({ logger: silentLogger }));
  flightGate = gate;
  runtime = createRuntimeHandle(
    () =>
      createAgentRuntime(loadConfig({ DATA_DIR: dataDir, WEB_FETCH: 'false' }), silentLogger, {
        flights,
      }),
    silentLogger,
  );
  await runtime.get();
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await runtime.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('travel agent MCP server in process', () => {
  it('lists tools before the runtime opens', async () => {
    const neverOpens = createRuntimeHandle(() => new Promise(() => undefined), silentLogger);
    const { client } = await connect(neverOpens);
    clients.push(client);

    const { tools } = await client.listTools();
    const names = tools.map((tool) => tool.name).sort();
    expect(names).toEqual([
      'chat',
      'destination_guide',
      'forget',
      'recall',
      'remember',
      'search_flights',
      'search_stays',
    ]);
    for (const tool of tools) {
      expect(tool.outputSchema, tool.name).toBeDefined();
      expect(tool.description?.length, tool.name).toBeGreaterThan(40);
    }
  });

  it('chat refines the previous search', async () => {
    const { client } = await connect(runtime);
    clients.push(client);
    await expectTwoTurnChat(client);
  });

  it('cancelled chat leaves no result and no memory', async () => {
    const { client, traffic } = await connect(runtime);
    clients.push(client);
    flightGate.hold = true;
    try {
      await expectCancelledChat(client, traffic, {
        message: `I am vegetarian. Flights from Madrid to Oslo on ${isoDay(45)}`,
        searchTool: 'search_flights',
        threadId: 'cancelled-in-process',
      });
    } finally {
      flightGate.hold = false;
    }
    expect(flightGate.aborts).toBe(1);
  });

  it('direct tools return structured results', async () => {
    const { client } = await connect(runtime);
    clients.push(client);
    await expectDirectTools(client);
  });

  it('direct tools report progress', async () => {
    const { client } = await connect(runtime);
    clients.push(client);
    const progress: Array<{ progress: number; message?: string }> = [];
    await client.callTool(
      {
        name: 'search_flights',
        arguments: { origin: 'Madrid', destination: 'Oslo', depart_date: isoDay(20) },
      },
      undefined,
      { onprogress: (update) => progress.push(update) },
    );
    expect(progress.map((update) => update.message)).toEqual([
      'Searching flights from Madrid to Oslo',
      expect.stringMatching(/^Found \d+ flight offers$/),
    ]);
    expect(progress[1].progress).toBeGreaterThan(progress[0].progress);
  });

  it('bad input comes back as a tool error', async () => {
    const { client } = await connect(runtime);
    clients.push(client);

    const past = (await client.callTool({
      name: 'search_flights',
      arguments: { origin: 'Madrid', destination: 'Oslo', depart_date: '2020-01-01' },
    })) as CallToolResult;
    expect(past.isError).toBe(true);
    expect(text(past)).toMatch(/2020-01-01/);

    const noPlace = (await client.callTool({
      name: 'destination_guide',
      arguments: { question: 'What is there to eat?' },
    })) as CallToolResult;
    expect(noPlace.isError).toBe(true);
    expect(text(noPlace)).toMatch(/needs a place/);

    const badType = (await client.callTool({
      name: 'search_stays',
      arguments: { location: 'Lisbon', check_in: 'soon', check_out: isoDay(3) },
    })) as CallToolResult;
    expect(badType.isError).toBe(true);
    expect(text(badType)).toMatch(/check_in/);
  });

  it("another user's thread is not found", async () => {
    const owner = await connect(runtime, 'thread-owner');
    const stranger = await connect(runtime, 'stranger');
    clients.push(owner.client, stranger.client);

    const first = (await owner.client.callTool({
      name: 'chat',
      arguments: { message: 'hello' },
    })) as CallToolResult;
    const threadId = (first.structuredContent as { thread_id: string }).thread_id;

    const result = (await stranger.client.callTool({
      name: 'chat',
      arguments: { message: 'hello', thread_id: threadId },
    })) as CallToolResult;
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/was not found/);
  });

  it('memory belongs to the configured user', async () => {
    const alice = await connect(runtime, 'alice');
    const bob = await connect(runtime, 'bob');
    clients.push(alice.client, bob.client);

    await alice.client.callTool({
      name: 'remember',
      arguments: { text: 'My home airport is Porto', kind: 'fact', topic: 'home_airport' },
    });
    const seenByBob = (await bob.client.callTool({
      name: 'recall',
      arguments: {},
    })) as CallToolResult;
    expect((seenByBob.structuredContent as { memories: unknown[] }).memories).toEqual([]);

    const seenByAlice = (await alice.client.callTool({
      name: 'recall',
      arguments: {},
    })) as CallToolResult;
    const texts = (seenByAlice.structuredContent as { memories: Array<{ text: string }> }).memories;
    expect(texts.map((memory) => memory.text)).toEqual(['My home airport is Porto']);

    const bobForgets = (await bob.client.callTool({
      name: 'forget',
      arguments: { all: true },
    })) as CallToolResult;
    expect((bobForgets.structuredContent as { deleted: number }).deleted).toBe(0);
    const aliceForgets = (await alice.client.callTool({
      name: 'forget',
      arguments: { query: 'home airport Porto' },
    })) as CallToolResult;
    expect((aliceForgets.structuredContent as { deleted: number }).deleted).toBe(1);
    const afterForget = (await alice.client.callTool({
      name: 'recall',
      arguments: {},
    })) as CallToolResult;
    expect((afterForget.structuredContent as { memories: unknown[] }).memories).toEqual([]);
  });

  it('a runtime that fails to open gives a tool error', async () => {
    let attempts = 0;
    const broken = createRuntimeHandle(async () => {
      attempts += 1;
      throw new Error('database is down');
    }, silentLogger);
    const { client } = await connect(broken);
    clients.push(client);

    for (const attempt of [1, 2]) {
      const result = (await client.callTool({ name: 'recall', arguments: {} })) as CallToolResult;
      expect(result.isError).toBe(true);
      expect(text(result)).toMatch(/could not start: database is down/);
      expect(attempts).toBe(attempt);
    }
  });
});
