import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import {
  startDuffelStandIn,
  type DuffelStandIn,
} from '../../tools/flights/testing/duffel-stand-in.js';
import { chat, type ChatTranscript } from '../helpers/sse.js';
import { startServer, type ServerProcess } from '../helpers/server-process.js';

/**
 * Flight turns over real HTTP against `server/main.ts` in a child process, with Duffel replaced
 * by the local stand-in this file starts, so every request the agent sends can be inspected.
 */
describe('flights over HTTP against a Duffel stand-in', () => {
  let standIn: DuffelStandIn;
  let server: ServerProcess;

  beforeAll(async () => {
    standIn = await startDuffelStandIn();
    server = await startServer({
      DUFFEL_ACCESS_TOKEN: standIn.token,
      DUFFEL_BASE_URL: standIn.url,
    });
  }, 90_000);

  afterAll(async () => {
    await server?.stop();
    await standIn?.close();
  });

  beforeEach(() => {
    standIn.requests.length = 0;
  });

  function offerRequests() {
    return standIn.requests.filter((request) => request.path.startsWith('/air/offer_requests'));
  }

  function messageOf(transcript: ChatTranscript): string {
    const [message] = transcript.byName('message');
    expect(message, transcript.text).toBeDefined();
    return message.text;
  }

  it('re-prices option 2 and reports the change', async () => {
    const search = await chat(server.url, {
      user_id: 'dora',
      message: 'flights from Berlin to Lisbon next Friday for 2 adults',
    });
    const [searchEnd] = search.byName('tool_end');
    expect(searchEnd.ok).toBe(true);
    const second = searchEnd.result.offers[1];
    expect(second.provider).toBe('duffel');
    const threadId = search.byName('thread')[0].thread_id;

    const quoted = Number(second.totalAmount);
    const current = (quoted + 7.7).toFixed(2);
    standIn.setOfferPrice(second.id, current);

    const pick = await chat(server.url, {
      user_id: 'dora',
      thread_id: threadId,
      message: 'book option 2',
    });
    const [intent] = pick.byName('intent');
    expect(intent.slots.selection).toBe(2);

    const [start] = pick.byName('tool_start');
    expect(start.tool).toBe('get_flight_offer');
    expect(start.args.offerId).toBe(second.id);
    const [end] = pick.byName('tool_end');
    expect(end.tool).toBe('get_flight_offer');
    expect(end.ok).toBe(true);
    expect(end.cached).toBe(false);
    expect(end.result.offer.totalAmount).toBe(Number(current));

    const fetches = standIn.requests.filter((request) => request.method === 'GET');
    expect(fetches.map((request) => request.path)).toEqual([`/air/offers/${second.id}`]);

    const text = messageOf(pick);
    expect(text).toContain(`was EUR ${quoted.toFixed(2)}, now EUR ${current}`);
    expect(text).not.toMatch(new RegExp(`costs EUR ${quoted.toFixed(2)}`));
  });

  it('asks for a search before a pick in a new thread', async () => {
    const pick = await chat(server.url, { user_id: 'erin', message: "I'll take the cheapest" });
    expect(pick.byName('tool_start')).toHaveLength(0);
    expect(messageOf(pick)).toMatch(/no flight search to pick option 1 from/);
    expect(standIn.requests).toHaveLength(0);
  });

  it('sends a family as adults and ages', async () => {
    const transcript = await chat(server.url, {
      user_id: 'frank',
      message:
        'flights from Berlin to Lisbon next Friday for me, my wife, our 15-year-old, our 5-year-old and a baby',
    });
    const [intent] = transcript.byName('intent');
    expect(intent.slots.adults).toBe(2);
    expect(intent.slots.children_ages).toEqual([15, 5]);
    expect(intent.slots.infants).toBe(1);

    const [request] = offerRequests();
    expect(request.body.data.passengers).toEqual([
      { type: 'adult' },
      { type: 'adult' },
      { age: 15 },
      { age: 5 },
      { age: 1 },
    ]);

    const [end] = transcript.byName('tool_end');
    expect(end.ok).toBe(true);
    expect(end.result.offers.length).toBeGreaterThan(0);
    expect(messageOf(transcript)).toContain('2 adults, 2 children aged 15 and 5, 1 infant');
  });

  it('explains lap infants outnumbering adults before any request', async () => {
    const transcript = await chat(server.url, {
      user_id: 'gina',
      message: 'flights from Berlin to Lisbon next Friday for 1 adult and 2 babies',
    });
    const [end] = transcript.byName('tool_end');
    expect(end.ok).toBe(false);
    expect(messageOf(transcript)).toMatch(/2 lap infants need at least 2 adults/);
    expect(offerRequests()).toHaveLength(0);
  });

  it('never serves a search past its offers expiry', async () => {
    standIn.setOfferLifetime(2_000);
    try {
      const question = { user_id: 'hana', message: 'flights from Madrid to Rome next Friday' };
      const first = await chat(server.url, question);
      expect(first.byName('tool_end')[0].cached).toBe(false);

      const soon = await chat(server.url, question);
      expect(soon.byName('tool_end')[0].cached).toBe(true);
      expect(offerRequests()).toHaveLength(1);

      await new Promise((resolve) => setTimeout(resolve, 3_000));
      const later = await chat(server.url, question);
      const [end] = later.byName('tool_end');
      expect(end.ok).toBe(true);
      expect(end.cached).toBe(false);
      expect(offerRequests()).toHaveLength(2);
    } finally {
      standIn.setOfferLifetime(30 * 60_000);
    }
  });

  it('asks which Portland', async () => {
    const transcript = await chat(server.url, {
      user_id: 'ivan',
      message: 'flights from Portland to Chicago next Friday',
    });
    const [end] = transcript.byName('tool_end');
    expect(end.ok).toBe(false);
    const text = messageOf(transcript);
    expect(text).toMatch(/Portland could be PDX .* or PWM .*: which one\?/);
    expect(text).not.toMatch(/could not complete/);
    expect(offerRequests()).toHaveLength(0);
  });
});
