import { parseSse } from '../../server/sse.js';

/** Events of one `POST /chat` response, grouped by event name in arrival order. */
export interface ChatTranscript {
  status: number;
  contentType: string;
  events: Array<{ event: string; data: any }>;
  byName: (name: string) => any[];
  text: string;
}

/** Posts a chat message and reads the whole event stream. */
export async function chat(
  baseUrl: string,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<ChatTranscript> {
  const response = await fetch(`${baseUrl}/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...headers },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(60_000),
  });
  const text = await response.text();
  const contentType = response.headers.get('content-type') ?? '';
  const events = contentType.startsWith('text/event-stream') ? parseSse(text) : [];
  return {
    status: response.status,
    contentType,
    events,
    byName: (name) => events.filter((event) => event.event === name).map((event) => event.data),
    text,
  };
}
