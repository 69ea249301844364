import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startServer, type ServerProcess } from '../helpers/server-process.js';

/** The OpenAI-compatible endpoint, driven by the official OpenAI SDK over real HTTP. */
describe('OpenAI-compatible chat completions', () => {
  let server: ServerProcess;
  let client: OpenAI;

  beforeAll(async () => {
    server = await startServer();
    client = new OpenAI({
      apiKey: 'unused',
      baseURL: `${server.url}/v1`,
      maxRetries: 0,
      timeout: 60_000,
    });
  }, 90_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('lists the agent as a model', async () => {
    const models = await client.models.list();
    expect(models.data.map((model) => model.id)).toContain('travel-agent');
  });

  it('answers a completion without streaming', async () => {
    const completion = await client.chat.completions.create({
      model: 'travel-agent',
      user: 'erin',
      messages: [
        { role: 'user', content: 'flights from Berlin to Lisbon next Friday for 2 adults' },
      ],
    });
    expect(completion.object).toBe('chat.completion');
    expect(completion.choices[0].finish_reason).toBe('stop');
    expect(completion.choices[0].message.content).toMatch(/Lisbon/);
    expect(completion.usage?.completion_tokens).toBeGreaterThan(0);
  });

  it('streams chunks that join into the reply and keeps the conversation', async () => {
    const first = 'flights from Berlin to Lisbon next Friday for 2 adults';
    const stream = await client.chat.completions.create({
      model: 'travel-agent',
      user: 'frank',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: first }],
    });
    let text = '';
    let finish: string | null = null;
    let usage = 0;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      usage = chunk.usage?.total_tokens ?? usage;
    }
    expect(text).toMatch(/sample fares/);
    expect(finish).toBe('stop');
    expect(usage).toBeGreaterThan(0);

    const followUp = await client.chat.completions.create({
      model: 'travel-agent',
      user: 'frank',
      messages: [
        { role: 'user', content: first },
        { role: 'assistant', content: text },
        { role: 'user', content: 'make it business class' },
      ],
    });
    expect(followUp.choices[0].message.content).toMatch(/business/);
    expect(followUp.choices[0].message.content).toMatch(/Lisbon/);
  });

  it('reads anonymous follow-ups from the messages sent', async () => {
    const first = 'flights from Berlin to Lisbon next Friday for 2 adults';
    const opening = await client.chat.completions.create({
      model: 'travel-agent',
      messages: [{ role: 'user', content: first }],
    });
    const followUp = await client.chat.completions.create({
      model: 'travel-agent',
      messages: [
        { role: 'user', content: first },
        { role: 'assistant', content: opening.choices[0].message.content ?? '' },
        { role: 'user', content: 'make it business class' },
      ],
    });
    expect(followUp.choices[0].message.content).toMatch(/business/);
    expect(followUp.choices[0].message.content).toMatch(/Lisbon/);
  });

  it('keeps anonymous clients with the same opener apart', async () => {
    const opener = 'My home airport is Porto and I am allergic to peanuts.';
    const ask = async (history: Array<{ role: 'user' | 'assistant'; content: string }>) =>
      (await client.chat.completions.create({ model: 'travel-agent', messages: history }))
        .choices[0].message.content ?? '';

    const stored = await ask([{ role: 'user', content: opener }]);
    expect(stored).toMatch(/send a user id/);
    const other = await ask([
      { role: 'user', content: opener },
      { role: 'assistant', content: stored },
      { role: 'user', content: 'what do you know about me?' },
    ]);
    expect(other).not.toMatch(/peanut|Porto/i);

    const search = await ask([{ role: 'user', content: 'flights to Rome next Friday' }]);
    expect(search).toMatch(/where/i);
  });

  it('rejects a request without a user message', async () => {
    await expect(
      client.chat.completions.create({
        model: 'travel-agent',
        messages: [{ role: 'system', content: 'be brief' }],
      }),
    ).rejects.toMatchObject({ status: 400, error: { type: 'invalid_request_error' } });
  });
});
