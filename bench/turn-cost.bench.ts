/**
 * Cost of one chat turn against a bare four-node LangGraph graph, measured in the same run.
 * Run: npx tsx bench/turn-cost.bench.ts [TURNS]
 *
 * Baseline: START → a → b → c → d → END over the same SQLite checkpointer, streaming a fixed
 * reply token by token through the custom stream. Ours: `runTurn` on the real runtime
 * (embedded defaults, no web) for a greeting (no tool) and a cached flight search.
 */
import { Annotation, END, START, StateGraph } from '@langchain/langgraph';
import { SqliteSaver } from '@langchain/langgraph-checkpoint-sqlite';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { loadConfig } from '../agent/config.js';
import { silentLogger } from '../agent/logger.js';
import { createAgentRuntime } from '../agent/runtime.js';
import { runTurn } from '../agent/turn.js';

const TURNS = Number(process.argv[2] ?? 300);
const REPLY = 'Hello! I can search flights, find places to stay and tell you about a destination.';

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function measure(label: string, turn: (index: number) => Promise<void>): Promise<number> {
  for (let index = 0; index < 20; index += 1) await turn(-index - 1);
  const times: number[] = [];
  for (let index = 0; index < TURNS; index += 1) {
    const started = performance.now();
    await turn(index);
    times.push(performance.now() - started);
  }
  const p50 = percentile(times, 50);
  console.log(
    `${label.padEnd(36)} p50 ${p50.toFixed(2)} ms  p95 ${percentile(times, 95).toFixed(2)} ms`,
  );
  return p50;
}

function bareGraph(dataDir: string) {
  const State = Annotation.Root({
    messages: Annotation<string[]>({ reducer: (a, b) => [...a, ...b], default: () => [] }),
    reply: Annotation<string>(),
  });
  const pass = async () => ({});
  return new StateGraph(State)
    .addNode('a', pass)
    .addNode('b', pass)
    .addNode('c', pass)
    .addNode('d', async (_state, config) => {
      for (const token of REPLY.match(/\s*\S+/g) ?? []) {
        config.writer?.({ event: 'token', data: { text: token } });
        await new Promise((resolve) => setImmediate(resolve));
      }
      return { reply: REPLY, messages: [REPLY] };
    })
    .addEdge(START, 'a')
    .addEdge('a', 'b')
    .addEdge('b', 'c')
    .addEdge('c', 'd')
    .addEdge('d', END)
    .compile({ checkpointer: SqliteSaver.fromConnString(path.join(dataDir, 'bare.sqlite')) });
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'turn-bench-'));
  const bare = bareGraph(dataDir);
  const runtime = await createAgentRuntime(
    loadConfig({ DATA_DIR: dataDir, WEB_FETCH: 'false' }),
    silentLogger,
  );

  console.log(`turns per case: ${TURNS}, node ${process.version}`);
  const baseline = await measure('bare 4-node graph, fresh thread', async (index) => {
    const stream = await bare.stream(
      { messages: ['hello there'] },
      { configurable: { thread_id: `bare-${index}` }, streamMode: 'custom' },
    );
    for await (const _chunk of stream) void _chunk;
  });
  const greeting = await measure('agent greeting, fresh thread', async (index) => {
    await runTurn(
      runtime,
      { userId: 'bench', threadId: `greet-${index}`, message: 'hello there' },
      () => undefined,
    );
  });
  const flight = await measure('agent cached flight, fresh thread', async (index) => {
    await runTurn(
      runtime,
      {
        userId: 'bench',
        threadId: `flight-${index}`,
        message: 'flights from Berlin to Lisbon on 2027-03-12 for 2 adults',
      },
      () => undefined,
    );
  });
  const long = await measure('agent greeting, one long thread', async () => {
    await runTurn(
      runtime,
      { userId: 'bench', threadId: 'long', message: 'hello there' },
      () => undefined,
    );
  });

  console.log(`ratio greeting / bare: ${(greeting / baseline).toFixed(2)}`);
  console.log(`ratio cached flight / bare: ${(flight / baseline).toFixed(2)}`);
  console.log(`ratio long thread / fresh thread: ${(long / greeting).toFixed(2)}`);
  await runtime.close();
}

await main();
