import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { chat } from '../helpers/sse.js';
import { PROJECT_ROOT, startServer, type ServerProcess } from '../helpers/server-process.js';

/**
 * The chat contract over real HTTP against `server/main.ts` in a child process on embedded
 * defaults: no keys, no database server, no cache server, no web access.
 */
describe('chat over HTTP on embedded defaults', () => {
  let server: ServerProcess;
  let flightThread: string;

  beforeAll(async () => {
    server = await startServer();
  }, 90_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('streams a flight search with sample offers', async () => {
    const transcript = await chat(server.url, {
      user_id: 'alice',
      message: 'flights from Berlin to Lisbon next Friday for 2 adults',
    });

    expect(transcript.status).toBe(200);
    expect(transcript.contentType).toMatch(/^text\/event-stream/);
    const names = transcript.events.map((event) => event.event);
    expect(names[0]).toBe('thread');
    expect(names.at(-1)).toBe('done');
    expect(names).toContain('token');

    const [intent] = transcript.byName('intent');
    expect(intent.intent).toBe('flight_search');
    expect(intent.confidence).toBeGreaterThan(0);
    expect(intent.slots.adults).toBe(2);

    const [start] = transcript.byName('tool_start');
    expect(start.tool).toBe('search_flights');
    const [end] = transcript.byName('tool_end');
    expect(end.tool).toBe('search_flights');
    expect(end.ok).toBe(true);
    expect(end.cached).toBe(false);
    expect(typeof end.duration_ms).toBe('number');
    expect(end.result.offers.length).toBeGreaterThan(0);
    expect(end.result.offers.every((offer: { sample: boolean }) => offer.sample)).toBe(true);

    const [message] = transcript.byName('message');
    expect(message.text).toMatch(/sample/i);
    expect(message.text).toMatch(/Lisbon/);
    const streamed = transcript
      .byName('token')
      .map((token) => token.text)
      .join('');
    expect(streamed).toBe(message.text);
    flightThread = transcript.byName('thread')[0].thread_id;
  });

  it('answers the same flight question from the cache the second time', async () => {
    const transcript = await chat(server.url, {
      user_id: 'alice',
      message: 'flights from Berlin to Lisbon next Friday for 2 adults',
    });
    const [end] = transcript.byName('tool_end');
    expect(end.tool).toBe('search_flights');
    expect(end.cached).toBe(true);
  });

  it('searches stays through the lodging MCP server', async () => {
    const transcript = await chat(server.url, {
      user_id: 'alice',
      message: 'a place to stay in Lisbon from 12 to 15 March for 2, with a dog',
    });
    const [intent] = transcript.byName('intent');
    expect(intent.intent).toBe('lodging_search');
    expect(intent.slots.pets).toBe(true);

    const [end] = transcript.byName('tool_end');
    expect(end.tool).toBe('search_accommodations');
    expect(end.ok).toBe(true);
    expect(end.result.server).toBe('lodging');
    expect(end.result.location.name).toBe('Lisbon');
    expect(end.result.offers.length).toBeGreaterThan(0);
    expect(end.result.offers.every((offer: { petsAllowed: boolean }) => offer.petsAllowed)).toBe(
      true,
    );
    expect(transcript.byName('message')[0].text).toMatch(/sample/i);
  });

  it('answers a destination question from offline facts', async () => {
    const transcript = await chat(server.url, {
      user_id: 'alice',
      message: 'what should I know before visiting Lisbon?',
    });
    expect(transcript.byName('intent')[0].intent).toBe('destination_info');
    const [end] = transcript.byName('tool_end');
    expect(end.tool).toBe('destination_guide');
    expect(end.ok).toBe(true);
    expect(end.result.offline).toBe(true);
    const facts = JSON.stringify(end.result.facts);
    expect(facts).toMatch(/Portugal/);
    expect(facts).toMatch(/EUR/);
    expect(transcript.byName('message')[0].text).toMatch(/Portugal/);
  });

  it('remembers a preference and recalls it in a new thread, for that user only', async () => {
    const stated = await chat(server.url, {
      user_id: 'alice',
      message: "I'm vegetarian and I prefer aisle seats",
    });
    expect(stated.byName('intent')[0].intent).toBe('memory');
    expect(stated.byName('tool_end')[0].ok).toBe(true);

    const recalled = await chat(server.url, {
      user_id: 'alice',
      message: 'what do you know about my food preferences?',
    });
    expect(recalled.byName('thread')[0].thread_id).not.toBe(stated.byName('thread')[0].thread_id);
    expect(recalled.byName('intent')[0].intent).toBe('memory');
    expect(recalled.byName('message')[0].text).toMatch(/vegetarian/i);

    const stranger = await chat(server.url, {
      user_id: 'bob',
      message: 'what do you know about my food preferences?',
    });
    expect(stranger.byName('message')[0].text).not.toMatch(/vegetarian/i);
    expect(JSON.stringify(stranger.byName('tool_end'))).not.toMatch(/vegetarian/i);
  });

  it('answers a general question about the user with every memory', async () => {
    const transcript = await chat(server.url, {
      user_id: 'alice',
      message: 'what do you know about me?',
    });
    const text = transcript.byName('message')[0].text;
    expect(text).toMatch(/vegetarian/i);
    expect(text).toMatch(/aisle/i);
  });

  it('flies from the stated home airport, for that user only', async () => {
    const stated = await chat(server.url, {
      user_id: 'hana',
      message: 'My home airport is Manchester.',
    });
    expect(stated.byName('intent')[0].intent).toBe('memory');

    const search = await chat(server.url, {
      user_id: 'hana',
      message: 'flights to Rome next Friday',
    });
    expect(search.byName('intent')[0].missing).toContain('origin');
    const [start] = search.byName('tool_start');
    expect(start.tool).toBe('search_flights');
    expect(start.args.origin).toBe('Manchester');
    expect(search.byName('message')[0].text).toMatch(/home airport Manchester/);

    const stranger = await chat(server.url, {
      user_id: 'ivan',
      message: 'flights to Rome next Friday',
    });
    expect(stranger.byName('tool_start')).toHaveLength(0);
    expect(stranger.byName('message')[0].text).toMatch(/where/i);
  });

  it('applies a usual cabin and a pet to later searches', async () => {
    const stated = await chat(server.url, {
      user_id: 'jo',
      message: 'I always fly business class. I travel with my dog.',
    });
    expect(stated.byName('intent')[0].intent).toBe('memory');

    const flights = await chat(server.url, {
      user_id: 'jo',
      message: 'flights from Berlin to Rome next Friday',
    });
    expect(flights.byName('tool_start')[0].args.cabin).toBe('business');
    expect(flights.byName('message')[0].text).toMatch(/business class, your usual cabin/);

    const stays = await chat(server.url, {
      user_id: 'jo',
      message: 'a hotel in Rome from 12 to 15 March for 2',
    });
    expect(stays.byName('tool_start')[0].args.pets).toBe(true);
    expect(stays.byName('message')[0].text).toMatch(/travel with your dog/);

    const economy = await chat(server.url, {
      user_id: 'jo',
      message: 'flights from Berlin to Rome next Friday in economy',
    });
    expect(economy.byName('tool_start')[0].args.cabin).toBe('economy');
  });

  it('refuses a second process on the same embedded memory', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: PROJECT_ROOT,
      env: { PATH: process.env.PATH, DATA_DIR: server.dataDir, PORT: '0', WEB_FETCH: 'false' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/in use by process \d+/);
  }, 90_000);

  it('lets npm run chat talk to the running server', () => {
    const result = spawnSync('npm', ['run', '--silent', 'chat'], {
      cwd: PROJECT_ROOT,
      input: 'what do you know about my food preferences?\n/quit\n',
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        PORT: String(server.port),
        DATA_DIR: server.dataDir,
        CHAT_USER: 'alice',
      },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/via http:\/\/127\.0\.0\.1/);
    expect(result.stdout).toMatch(/vegetarian/i);
  }, 90_000);

  it("lists and forgets a user's memories", async () => {
    const listed = await fetch(`${server.url}/users/alice/memories`);
    expect(listed.status).toBe(200);
    const { memories } = await listed.json();
    const vegetarian = memories.find((memory: { text: string }) => /vegetarian/i.test(memory.text));
    expect(vegetarian).toBeDefined();

    const others = await (await fetch(`${server.url}/users/bob/memories`)).json();
    expect(JSON.stringify(others.memories)).not.toMatch(/vegetarian/i);

    const deleted = await fetch(`${server.url}/users/alice/memories?id=${vegetarian.id}`, {
      method: 'DELETE',
    });
    expect(deleted.status).toBe(200);
    expect((await deleted.json()).deleted).toBe(1);

    const recalled = await chat(server.url, {
      user_id: 'alice',
      message: 'what do you know about my food preferences?',
    });
    expect(recalled.byName('message')[0].text).not.toMatch(/vegetarian/i);

    const missing = await fetch(`${server.url}/users/alice/memories?id=${vegetarian.id}`, {
      method: 'DELETE',
    });
    expect(missing.status).toBe(404);

    const malformed = await fetch(`${server.url}/users/alice/memories?id=preference:diet`, {
      method: 'DELETE',
    });
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error).toBe('invalid_request');
  });

  it("lists a user's threads and no one else's", async () => {
    const mine = await (await fetch(`${server.url}/threads?user_id=alice`)).json();
    const ids = (list: { threads: Array<{ thread_id: string }> }) =>
      list.threads.map((thread) => thread.thread_id);
    expect(ids(mine)).toContain(flightThread);
    expect(mine.threads[0]).toMatchObject({ user_id: 'alice', message_count: expect.any(Number) });
    expect(typeof mine.threads[0].created_at).toBe('string');
    const theirs = await (await fetch(`${server.url}/threads?user_id=bob`)).json();
    expect(ids(theirs)).not.toContain(flightThread);

    const unnamed = await fetch(`${server.url}/threads`);
    expect(unnamed.status).toBe(400);
  });

  it('greets without calling a tool', async () => {
    for (const message of ['hello there', 'what is the best recipe for lasagna?']) {
      const transcript = await chat(server.url, { user_id: 'alice', message });
      expect(transcript.byName('intent')[0].intent).toBe('other');
      expect(transcript.byName('tool_start')).toHaveLength(0);
      expect(transcript.byName('message')[0].text.length).toBeGreaterThan(10);
      expect(transcript.byName('done')).toHaveLength(1);
    }
  });

  it('rejects bad requests with a 400 naming the field', async () => {
    const post = (body: string, contentType = 'application/json') =>
      fetch(`${server.url}/chat`, {
        method: 'POST',
        headers: { 'content-type': contentType },
        body,
      });

    const missing = await post(JSON.stringify({ user_id: 'alice' }));
    expect(missing.status).toBe(400);
    const missingBody = await missing.json();
    expect(missingBody.error).toBe('invalid_request');
    expect(missingBody.message).toMatch(/message/);

    const wrongType = await post(JSON.stringify({ user_id: 42, message: 'hi' }));
    expect(wrongType.status).toBe(400);
    expect((await wrongType.json()).message).toMatch(/user_id/);

    const invalidJson = await post('{"user_id": "alice", "message": ');
    expect(invalidJson.status).toBe(400);
    expect((await invalidJson.json()).error).toBe('invalid_json');

    const tooBig = await post(JSON.stringify({ user_id: 'alice', message: 'x'.repeat(200_000) }));
    expect(tooBig.status).toBe(413);
    expect((await tooBig.json()).error).toBe('body_too_large');

    const notJson = await post('message=hi', 'text/plain');
    expect(notJson.status).toBe(415);
    expect((await notJson.json()).message).toMatch(/application\/json/);

    const notObject = await post('5');
    expect(notObject.status).toBe(400);
    expect((await notObject.json()).message).toMatch(/JSON object/);

    const dotsOnly = await post(JSON.stringify({ user_id: '..', message: 'hi' }));
    expect(dotsOnly.status).toBe(400);

    const wrongMethod = await fetch(`${server.url}/chat`);
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');

    const otherUsersThread = await post(
      JSON.stringify({ user_id: 'bob', thread_id: flightThread, message: 'hi' }),
    );
    expect(otherUsersThread.status).toBe(404);

    const health = await fetch(`${server.url}/health`);
    expect(health.status).toBe(200);
  });

  it('reports each component on /health', async () => {
    const response = await fetch(`${server.url}/health`);
    const body = await response.json();
    expect(response.status).toBe(200);
    for (const component of ['memory', 'cache', 'lodging', 'checkpoints', 'flights']) {
      expect(body.components[component]?.status, component).toMatch(/ok|disabled|degraded/);
    }
    expect(body.components.memory.backend).toMatch(/pglite/i);
    expect(body.components.flights.backend).toBe('sample');
  });

  it('keeps threads and slots across a restart', async () => {
    await server.stop();
    server = await startServer({ DATA_DIR: server.dataDir, PORT: String(server.port) });

    const response = await fetch(`${server.url}/threads/${flightThread}`);
    expect(response.status).toBe(200);
    const thread = await response.json();
    expect(thread.user_id).toBe('alice');
    expect(thread.messages.length).toBeGreaterThanOrEqual(2);
    expect(thread.messages[0].content).toMatch(/Berlin to Lisbon/);
    expect(thread.messages[1].role).toBe('assistant');
    expect(typeof thread.messages[0].created_at).toBe('string');
    expect(thread.slots.intent).toBe('flight_search');

    const refined = await chat(server.url, {
      user_id: 'alice',
      thread_id: flightThread,
      message: 'make it business class',
    });
    const [intent] = refined.byName('intent');
    expect(intent.intent).toBe('flight_search');
    expect(intent.slots.cabin).toBe('business');
    expect(intent.slots.adults).toBe(2);

    const hidden = await fetch(`${server.url}/threads/${flightThread}?user_id=bob`);
    expect(hidden.status).toBe(404);
  }, 90_000);
});
