/**
 * Terminal chat: `npm run chat`. When a server responds on 127.0.0.1:PORT it chats with that
 * server over HTTP (embedded memory serves one process, so the chat must not open it too);
 * otherwise it runs the graph in process on the same data folder.
 * Commands: /new starts a new thread, /quit leaves.
 */
import { createInterface } from 'node:readline/promises';

import { parseSse } from '../server/sse.js';
import { loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { createAgentRuntime } from './runtime.js';
import { describeStartupError } from './startup-error.js';
import { runTurn, type TurnEvent } from './turn.js';

/** Sends one message and reports its events; returns the thread id the turn used. */
type ChatTurn = (
  message: string,
  threadId: string | undefined,
  onEvent: (event: TurnEvent) => void,
) => Promise<string>;

async function serverUrl(port: number): Promise<string | undefined> {
  const url = `http://127.0.0.1:${port}`;
  try {
    const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(500) });
    return response.ok ? url : undefined;
  } catch {
    return undefined;
  }
}

function httpTurn(url: string, userId: string): ChatTurn {
  return async (message, threadId, onEvent) => {
    const response = await fetch(`${url}/chat`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(process.env.CHAT_API_KEY
          ? { authorization: `Bearer ${process.env.CHAT_API_KEY}` }
          : {}),
      },
      body: JSON.stringify({
        user_id: userId,
        message,
        ...(threadId ? { thread_id: threadId } : {}),
      }),
    });
    if (!response.ok || !response.body) {
      const body = (await response.json().catch(() => ({}))) as { message?: string };
      throw new Error(body.message ?? `the server returned HTTP ${response.status}`);
    }

    let buffer = '';
    let thread = threadId;
    const decoder = new TextDecoder();
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      const end = buffer.lastIndexOf('\n\n');
      if (end < 0) continue;
      for (const event of parseSse(buffer.slice(0, end + 2))) {
        if (event.event === 'thread') thread = event.data.thread_id;
        if (event.event === 'error') throw new Error(event.data.message);
        onEvent(event as TurnEvent);
      }
      buffer = buffer.slice(end + 2);
    }
    return thread ?? '';
  };
}

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const userId = process.env.CHAT_USER ?? 'local';
  const url = await serverUrl(config.PORT);

  let turn: ChatTurn;
  let close = async () => {};
  if (url) {
    turn = httpTurn(url, userId);
  } else {
    const runtime = await createAgentRuntime(config, createLogger(process.env.LOG_LEVEL ?? 'warn'));
    turn = async (message, threadId, onEvent) =>
      (await runTurn(runtime, { userId, threadId, message }, onEvent)).threadId;
    close = () => runtime.close();
  }

  // Iterating the interface buffers lines, so piped input works as well as typing.
  const terminal = createInterface({ input: process.stdin, terminal: process.stdin.isTTY });
  process.stdout.write(
    `Travel agent chat as user "${userId}"${url ? ` via ${url}` : ''}. /new for a new thread, /quit to leave.\n`,
  );
  process.stdout.write('you> ');

  let threadId: string | undefined;
  try {
    for await (const raw of terminal) {
      const line = raw.trim();
      if (line === '/quit' || line === '/exit') break;
      if (line === '/new') threadId = undefined;
      if (line !== '' && line !== '/new') {
        process.stdout.write('agent> ');
        try {
          threadId = await turn(line, threadId, ({ event, data }) => {
            if (event === 'token') process.stdout.write((data as { text: string }).text);
            if (event === 'tool_start')
              process.stdout.write(`[${(data as { tool: string }).tool}…] `);
          });
        } catch (error) {
          process.stdout.write(`(failed: ${(error as Error).message})`);
        }
        process.stdout.write('\n');
      }
      process.stdout.write('you> ');
    }
  } finally {
    terminal.close();
    await close();
  }
}

main().catch((error) => {
  process.stderr.write(`Chat failed: ${describeStartupError(error)}\n`);
  process.exit(1);
});
