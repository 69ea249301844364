/**
 * Terminal chat against the same graph and data folder as the server: `npm run chat`.
 * Commands: /new starts a new thread, /quit leaves.
 */
import { createInterface } from 'node:readline/promises';

import { loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { describeStartupError } from './startup-error.js';
import { createAgentRuntime } from './runtime.js';
import { runTurn } from './turn.js';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger(process.env.LOG_LEVEL ?? 'warn');
  const runtime = await createAgentRuntime(config, logger);
  const userId = process.env.CHAT_USER ?? 'local';
  let threadId: string | undefined;

  // Iterating the interface buffers lines, so piped input works as well as typing.
  const terminal = createInterface({ input: process.stdin, terminal: process.stdin.isTTY });
  process.stdout.write(
    `Travel agent chat as user "${userId}". /new for a new thread, /quit to leave.\n`,
  );
  process.stdout.write('you> ');

  try {
    for await (const raw of terminal) {
      const line = raw.trim();
      if (line === '/quit' || line === '/exit') break;
      if (line === '/new') threadId = undefined;
      if (line !== '' && line !== '/new') {
        process.stdout.write('agent> ');
        const result = await runTurn(
          runtime,
          { userId, threadId, message: line },
          ({ event, data }) => {
            if (event === 'token') process.stdout.write((data as { text: string }).text);
            if (event === 'tool_start')
              process.stdout.write(`[${(data as { tool: string }).tool}…] `);
          },
        );
        threadId = result.threadId;
        process.stdout.write('\n');
      }
      process.stdout.write('you> ');
    }
  } finally {
    terminal.close();
    await runtime.close();
  }
}

main().catch((error) => {
  process.stderr.write(`Chat failed: ${describeStartupError(error)}\n`);
  process.exit(1);
});
