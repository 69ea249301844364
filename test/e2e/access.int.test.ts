import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { chat } from '../helpers/sse.js';
import { startServer, type ServerProcess } from '../helpers/server-process.js';

const SERVICE_KEY = 'service-key-0123456789';
const ALICE_KEY = 'alice-key-0123456789';

/** API keys, a key bound to one user, thread deletion and erasing memory by chat. */
describe('access control and erasure', () => {
  let server: ServerProcess;
  const as = (key: string) => ({ authorization: `Bearer ${key}` });

  beforeAll(async () => {
    server = await startServer({ API_KEYS: `${SERVICE_KEY},${ALICE_KEY}:alice` });
  }, 90_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('requires a key everywhere but /health', async () => {
    const anonymous = await chat(server.url, { user_id: 'alice', message: 'hello there' });
    expect(anonymous.status).toBe(401);
    expect(JSON.parse(anonymous.text).error).toBe('unauthorized');

    const wrong = await chat(
      server.url,
      { user_id: 'alice', message: 'hello there' },
      as('not-a-key'),
    );
    expect(wrong.status).toBe(401);

    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    expect((await fetch(`${server.url}/users/alice/memories`)).status).toBe(401);
  });

  it('lets a bound key act only for its user', async () => {
    const own = await chat(server.url, { user_id: 'alice', message: 'hello there' }, as(ALICE_KEY));
    expect(own.status).toBe(200);
    const aliceThread = own.byName('thread')[0].thread_id;

    const impersonating = await chat(
      server.url,
      { user_id: 'bob', message: 'hello there' },
      as(ALICE_KEY),
    );
    expect(impersonating.status).toBe(403);
    expect(JSON.parse(impersonating.text).message).toMatch(/acts only for user alice/);

    expect(
      (await fetch(`${server.url}/users/bob/memories`, { headers: as(ALICE_KEY) })).status,
    ).toBe(403);

    const bob = await chat(server.url, { user_id: 'bob', message: 'hello there' }, as(SERVICE_KEY));
    expect(bob.status).toBe(200);
    const bobThread = bob.byName('thread')[0].thread_id;

    expect(
      (await fetch(`${server.url}/threads/${aliceThread}`, { headers: as(ALICE_KEY) })).status,
    ).toBe(200);
    expect(
      (await fetch(`${server.url}/threads/${bobThread}`, { headers: as(ALICE_KEY) })).status,
    ).toBe(404);
    const listed = await (await fetch(`${server.url}/threads`, { headers: as(ALICE_KEY) })).json();
    expect(listed.threads.map((thread: { thread_id: string }) => thread.thread_id)).toEqual([
      aliceThread,
    ]);
  });

  it('holds a bound key to its user on the OpenAI endpoint', async () => {
    const post = (key: string, body: Record<string, unknown>) =>
      fetch(`${server.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...as(key) },
        body: JSON.stringify({ model: 'travel-agent', ...body }),
      });

    const impersonating = await post(ALICE_KEY, {
      user: 'bob',
      messages: [{ role: 'user', content: 'remember that I prefer window seats' }],
    });
    expect(impersonating.status).toBe(403);
    expect((await impersonating.json()).error.type).toBe('invalid_request_error');
    const bobs = await (
      await fetch(`${server.url}/users/bob/memories`, { headers: as(SERVICE_KEY) })
    ).json();
    expect(JSON.stringify(bobs.memories)).not.toMatch(/window/);

    const own = await post(ALICE_KEY, { messages: [{ role: 'user', content: 'hello there' }] });
    expect(own.status).toBe(200);
  });

  it('keeps OpenAI clients without a user apart', async () => {
    const post = (content: string) =>
      fetch(`${server.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...as(SERVICE_KEY) },
        body: JSON.stringify({ model: 'travel-agent', messages: [{ role: 'user', content }] }),
      }).then((response) => response.json());

    await post('remember that my home airport is Porto');
    const other = await post('what do you know about me?');

    expect(other.choices[0].message.content).not.toMatch(/Porto/);
  });

  it('deletes a thread so a reused id starts clean', async () => {
    const threadId = 'deleted-thread-1';
    const first = await chat(
      server.url,
      {
        user_id: 'alice',
        thread_id: threadId,
        message: 'flights from Oslo to Rome next Friday for 2 adults',
      },
      as(ALICE_KEY),
    );
    expect(first.status).toBe(200);

    const deleted = await fetch(`${server.url}/threads/${threadId}`, {
      method: 'DELETE',
      headers: as(ALICE_KEY),
    });
    expect(deleted.status).toBe(204);
    expect(
      (await fetch(`${server.url}/threads/${threadId}`, { headers: as(ALICE_KEY) })).status,
    ).toBe(404);

    const reused = await chat(
      server.url,
      { user_id: 'bob', thread_id: threadId, message: 'hello there' },
      as(SERVICE_KEY),
    );
    expect(reused.byName('thread')[0].created).toBe(true);
    const thread = await (
      await fetch(`${server.url}/threads/${threadId}?user_id=bob`, { headers: as(SERVICE_KEY) })
    ).json();
    expect(thread.messages).toHaveLength(2);
    expect(thread.slots).toBeNull();
    expect(JSON.stringify(thread)).not.toMatch(/Oslo|Rome/);
  }, 60_000);

  it('erases every memory when asked to forget everything', async () => {
    await chat(
      server.url,
      { user_id: 'alice', message: "I'm vegetarian and I prefer aisle seats" },
      as(ALICE_KEY),
    );
    const before = await (
      await fetch(`${server.url}/users/alice/memories`, { headers: as(ALICE_KEY) })
    ).json();
    expect(before.memories.length).toBeGreaterThanOrEqual(2);

    const forgot = await chat(
      server.url,
      { user_id: 'alice', message: 'forget everything you know about me' },
      as(ALICE_KEY),
    );
    expect(forgot.byName('intent')[0].intent).toBe('memory');
    expect(forgot.byName('message')[0].text).toMatch(/erased everything/);

    const after = await (
      await fetch(`${server.url}/users/alice/memories`, { headers: as(ALICE_KEY) })
    ).json();
    expect(after.memories).toHaveLength(0);
  });

  it('asks again for an impossible number of travellers', async () => {
    const transcript = await chat(
      server.url,
      { user_id: 'alice', message: 'flights from Berlin to Lisbon next Friday for -3 adults' },
      as(ALICE_KEY),
    );
    expect(transcript.byName('tool_start')).toHaveLength(0);
    expect(transcript.byName('intent')[0].missing).toContain('adults');
    expect(transcript.byName('message')[0].text).toMatch(/-3 is not a valid number/);
  });
});
