import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { CallToolResult, JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { expect } from 'vitest';

/** Root of the repository, for child processes started by tests. */
export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The MCP server's entry point. */
export const MAIN = path.join(REPO, 'mcp-servers/travel-agent/main.ts');

/** Returns the date `days` from today as YYYY-MM-DD, so searches never fall in the past. */
export function isoDay(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** Messages that crossed a client transport, in both directions. */
export interface Traffic {
  sent: JSONRPCMessage[];
  received: JSONRPCMessage[];
}

/** Records the messages of a connected client's transport without changing them. */
export function recordTraffic(transport: Transport): Traffic {
  const traffic: Traffic = { sent: [], received: [] };
  const send = transport.send.bind(transport);
  transport.send = (message, options) => {
    traffic.sent.push(message);
    return send(message, options);
  };
  const receive = transport.onmessage;
  transport.onmessage = (message, extra) => {
    traffic.received.push(message);
    receive?.(message, extra);
  };
  return traffic;
}

/** Resolves once `file` exists, checking every 50 ms. */
export async function fileAppears(file: string): Promise<void> {
  while (!existsSync(file)) await new Promise((resolve) => setTimeout(resolve, 50));
}

/**
 * Writes an `mcpServers` file whose lodging server never returns a result for its first search, so a test
 * can cancel a chat turn while it waits. Later searches get one fake offer. The server creates
 * `markerPath` when the first search arrives.
 */
export function writeHangingLodgingConfig(folder: string): {
  configPath: string;
  markerPath: string;
} {
  const markerPath = path.join(folder, 'first-search.marker');
  const configPath = path.join(folder, 'hanging-lodging.json');
  const entry = {
    command: process.execPath,
    args: ['--import', 'tsx', path.join(REPO, 'tools/lodging/testing/hangs.ts')],
    cwd: REPO,
    env: { FAKE_MARKER: markerPath },
    toolMap: { search: 'find_stays' },
    argMap: { location: 'where' },
  };
  writeFileSync(configPath, JSON.stringify({ mcpServers: { lodging: entry } }));
  return { configPath, markerPath };
}

function structured<T>(result: CallToolResult): T {
  expect(result.isError ?? false, JSON.stringify(result.content)).toBe(false);
  return result.structuredContent as T;
}

interface ChatOutput {
  thread_id: string;
  reply: string;
  intent: string;
  flights?: { offers: Array<{ cabin: string; sample: boolean }> };
  tool_errors: Array<{ tool: string; error: string }>;
}

/** Runs a flight search, then refines it to business class on the same thread. */
export async function expectTwoTurnChat(client: Client): Promise<void> {
  const progress: string[] = [];
  const first = structured<ChatOutput>(
    (await client.callTool(
      {
        name: 'chat',
        arguments: { message: `Flights from Berlin to Lisbon on ${isoDay(40)} for 2 adults` },
      },
      undefined,
      { onprogress: (update) => progress.push(update.message ?? '') },
    )) as CallToolResult,
  );
  expect(first.intent).toBe('flight_search');
  expect(first.flights?.offers.length).toBeGreaterThan(0);
  expect(first.flights?.offers.every((offer) => offer.cabin === 'economy')).toBe(true);
  expect(progress).toContain('Understood the request as flight_search');
  expect(progress).toContain('Started search_flights');
  expect(progress.some((message) => message.startsWith('Finished search_flights'))).toBe(true);

  const second = structured<ChatOutput>(
    (await client.callTool({
      name: 'chat',
      arguments: { message: 'make it business class', thread_id: first.thread_id },
    })) as CallToolResult,
  );
  expect(second.thread_id).toBe(first.thread_id);
  expect(second.flights?.offers.length).toBeGreaterThan(0);
  expect(second.flights?.offers.every((offer) => offer.cabin === 'business')).toBe(true);
}

/**
 * Cancels a chat turn once its search has started, then checks that no result arrived for it
 * and that the preference stated in it was not stored. `searchTool` is the tool the turn waits on.
 */
export async function expectCancelledChat(
  client: Client,
  traffic: Traffic,
  options: {
    message: string;
    searchTool: string;
    threadId: string;
    /** Resolves once the search is running at its provider; immediate when left out. */
    searchRunning?: () => Promise<void>;
  },
): Promise<void> {
  const searchRunning = options.searchRunning ?? (async () => undefined);
  const controller = new AbortController();
  const call = client.callTool(
    { name: 'chat', arguments: { message: options.message, thread_id: options.threadId } },
    undefined,
    {
      signal: controller.signal,
      onprogress: (update) => {
        if (update.message !== `Started ${options.searchTool}`) return;
        void searchRunning().then(() => controller.abort('test cancels'));
      },
    },
  );
  await expect(call).rejects.toThrow();

  // Turns of one thread run one at a time, so this result means the cancelled turn has ended.
  const after = structured<ChatOutput>(
    (await client.callTool({
      name: 'chat',
      arguments: { message: 'hello', thread_id: options.threadId },
    })) as CallToolResult,
  );
  expect(after.thread_id).toBe(options.threadId);

  const cancelledIds = traffic.sent
    .filter(
      (message) =>
        'method' in message &&
        message.method === 'tools/call' &&
        (message.params?.arguments as { message?: string } | undefined)?.message ===
          options.message,
    )
    .map((message) => ('id' in message ? message.id : undefined));
  expect(cancelledIds).toHaveLength(1);
  const lateAnswers = traffic.received.filter(
    (message) => 'id' in message && message.id === cancelledIds[0],
  );
  expect(lateAnswers).toEqual([]);
  const cancelNotices = traffic.sent.filter(
    (message) => 'method' in message && message.method === 'notifications/cancelled',
  );
  expect(cancelNotices).toHaveLength(1);

  const recalled = structured<{ memories: Array<{ text: string }> }>(
    (await client.callTool({ name: 'recall', arguments: {} })) as CallToolResult,
  );
  expect(recalled.memories.map((memory) => memory.text).join(' ')).not.toMatch(/vegetarian/i);
}

/** Calls each direct tool once and checks its structured result. */
export async function expectDirectTools(client: Client): Promise<void> {
  const flights = structured<{
    offers: Array<{ sample: boolean }>;
    destination: { codes: string[] };
  }>(
    (await client.callTool({
      name: 'search_flights',
      arguments: { origin: 'Paris', destination: 'Rome', depart_date: isoDay(30), adults: 1 },
    })) as CallToolResult,
  );
  expect(flights.offers.length).toBeGreaterThan(0);
  expect(flights.destination.codes).toContain('ROM');

  const stays = structured<{ offers: Array<{ name: string }>; location: { query: string } }>(
    (await client.callTool({
      name: 'search_stays',
      arguments: { location: 'Lisbon', check_in: isoDay(30), check_out: isoDay(33), adults: 2 },
    })) as CallToolResult,
  );
  expect(stays.offers.length).toBeGreaterThan(0);
  expect(stays.location.query).toBe('Lisbon');

  const guide = structured<{ facts: Array<{ label: string; value: string }> }>(
    (await client.callTool({
      name: 'destination_guide',
      arguments: { place: 'Porto', question: 'Which currency do they use?' },
    })) as CallToolResult,
  );
  const currency = guide.facts.find((fact) => fact.label === 'Currency');
  expect(currency?.value).toMatch(/EUR/);

  const remembered = structured<{ stored: number }>(
    (await client.callTool({
      name: 'remember',
      arguments: { text: 'I prefer aisle seats', kind: 'preference', topic: 'seat' },
    })) as CallToolResult,
  );
  expect(remembered.stored).toBe(1);

  const recalled = structured<{ memories: Array<{ text: string; topic: string }> }>(
    (await client.callTool({
      name: 'recall',
      arguments: { query: 'seat' },
    })) as CallToolResult,
  );
  expect(recalled.memories[0]?.text).toBe('I prefer aisle seats');
}
