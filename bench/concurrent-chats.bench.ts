/**
 * Many concurrent streaming chats against one server process on 127.0.0.1.
 * Run: npx tsx bench/concurrent-chats.bench.ts [CHATS]   (default 1000)
 *
 * Starts `server/main.ts` on embedded defaults with a fresh data folder, opens CHATS chats at
 * once (a mix of greetings and cached flight searches from 50 users), and prints the time to
 * the `thread` event, to the first token and to `done` (p50/p95/max), failures, and the
 * latency of `/health` polled during the run.
 */
import { startServer } from '../test/helpers/server-process.js';

const CHATS = Number(process.argv[2] ?? 1000);
const MESSAGES = [
  'hello there',
  'flights from Berlin to Lisbon on 2027-03-12 for 2 adults',
  'what should I know before visiting Lisbon?',
];

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function describe(label: string, values: number[]): string {
  return `${label.padEnd(22)} p50 ${percentile(values, 50).toFixed(0)} ms  p95 ${percentile(values, 95).toFixed(0)} ms  max ${Math.max(...values).toFixed(0)} ms`;
}

async function oneChat(url: string, index: number) {
  const started = performance.now();
  const response = await fetch(`${url}/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      user_id: `load-${index % 50}`,
      message: MESSAGES[index % MESSAGES.length],
    }),
  });
  let threadAt = NaN;
  let firstTokenAt = NaN;
  let done = false;
  const decoder = new TextDecoder();
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    const text = decoder.decode(chunk, { stream: true });
    if (Number.isNaN(threadAt) && text.includes('event: thread'))
      threadAt = performance.now() - started;
    if (Number.isNaN(firstTokenAt) && text.includes('event: token'))
      firstTokenAt = performance.now() - started;
    if (text.includes('event: done')) done = true;
  }
  return {
    status: response.status,
    threadAt,
    firstTokenAt,
    total: performance.now() - started,
    done,
  };
}

async function main(): Promise<void> {
  const server = await startServer({ RATE_LIMIT_PER_MINUTE: '1000000' });
  try {
    for (let index = 0; index < 20; index += 1) await oneChat(server.url, index);

    const healthTimes: number[] = [];
    let running = true;
    const poller = (async () => {
      while (running) {
        const started = performance.now();
        await fetch(`${server.url}/health`).then((response) => response.text());
        healthTimes.push(performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();

    const started = performance.now();
    const results = await Promise.allSettled(
      Array.from({ length: CHATS }, (_, index) => oneChat(server.url, index)),
    );
    const wall = performance.now() - started;
    running = false;
    await poller;

    const ok = results.flatMap((result) =>
      result.status === 'fulfilled' && result.value.status === 200 && result.value.done
        ? [result.value]
        : [],
    );
    console.log(
      `chats: ${CHATS} concurrent, completed ${ok.length}, failed ${CHATS - ok.length}, wall ${(wall / 1000).toFixed(1)} s, ${(ok.length / (wall / 1000)).toFixed(0)} turns/s`,
    );
    console.log(
      describe(
        'time to thread event',
        ok.map((result) => result.threadAt),
      ),
    );
    console.log(
      describe(
        'time to first token',
        ok.map((result) => result.firstTokenAt),
      ),
    );
    console.log(
      describe(
        'time to done',
        ok.map((result) => result.total),
      ),
    );
    console.log(describe('/health during load', healthTimes));
    const memory = await (await fetch(`${server.url}/health`)).json();
    console.log(`health after: ${memory.status}`);
  } finally {
    await server.stop();
  }
}

await main();
