import type { Response } from 'express';

/** Interval of SSE comment lines that keep proxies from closing an idle stream. */
const HEARTBEAT_MS = 15_000;

/** A Server-Sent Events stream over an Express response. */
export interface EventStream {
  send(event: string, data: unknown): void;
  close(): void;
  readonly closed: boolean;
}

/** Starts an SSE response: sets headers, flushes them, and sends heartbeats until closed. */
export function openEventStream(
  response: Response,
  headers: Record<string, string> = {},
): EventStream {
  response.status(200);
  response.set({
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-transform',
    Connection: 'keep-alive',
    // Stops nginx and similar proxies from buffering the stream.
    'X-Accel-Buffering': 'no',
    ...headers,
  });
  response.flushHeaders();
  response.socket?.setNoDelay(true);

  let closed = false;
  let corked = false;
  const heartbeat = setInterval(() => {
    if (!closed) response.write(': ping\n\n');
  }, HEARTBEAT_MS);
  heartbeat.unref();
  response.on('close', () => {
    closed = true;
    clearInterval(heartbeat);
  });

  return {
    send(event, data) {
      if (closed) return;
      // Events sent in the same tick (a burst of tokens) leave in one write instead of one
      // system call each.
      if (!corked) {
        corked = true;
        response.cork();
        process.nextTick(() => {
          corked = false;
          response.uncork();
        });
      }
      response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    close() {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      response.end();
    },
    get closed() {
      return closed;
    },
  };
}

/** Parses an SSE body into events; `data:` lines are JSON. */
export function parseSse(body: string): Array<{ event: string; data: any }> {
  const events: Array<{ event: string; data: any }> = [];
  for (const block of body.split('\n\n')) {
    const lines = block.split('\n');
    const name = lines
      .find((line) => line.startsWith('event:'))
      ?.slice(6)
      .trim();
    const data = lines
      .filter((line) => line.startsWith('data:'))
      .map((line) => line.slice(5).trim())
      .join('\n');
    if (!name || !data) continue;
    events.push({ event: name, data: JSON.parse(data) });
  }
  return events;
}
