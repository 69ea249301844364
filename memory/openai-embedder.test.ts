import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { ToolError } from '../tools/types.js';
import { createOpenAIEmbedder } from './openai-embedder.js';

/** A stand-in for POST /v1/embeddings that speaks the OpenAI wire format. */
let server: Server;
let baseUrl: string;
let requests: Array<{ authorization?: string; body: Record<string, unknown> }> = [];
let reply: (body: Record<string, unknown>) => { status: number; json: unknown; delayMs?: number };

const fakeVector = (text: string, dimension: number) =>
  Array.from({ length: dimension }, (_, i) => (text.length + i) / 100);

function embeddingsResponse(body: Record<string, unknown>) {
  const inputs = body.input as string[];
  const dimension = (body.dimensions as number | undefined) ?? 4;
  return {
    status: 200,
    json: {
      object: 'list',
      model: body.model,
      // Reversed on purpose: clients must order by `index`, not by position.
      data: inputs
        .map((text, index) => ({
          object: 'embedding',
          index,
          embedding: fakeVector(text, dimension),
        }))
        .reverse(),
      usage: { prompt_tokens: 5, total_tokens: 5 },
    },
  };
}

async function readBody(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

beforeAll(async () => {
  server = createServer(async (request, response) => {
    const body = await readBody(request);
    requests.push({ authorization: request.headers.authorization, body });
    const { status, json, delayMs } = reply(body);
    setTimeout(() => {
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
    }, delayMs ?? 0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  requests = [];
  reply = embeddingsResponse;
});

describe('OpenAI embedder', () => {
  it('posts inputs and returns vectors in input order', async () => {
    const embedder = createOpenAIEmbedder({
      apiKey: 'sk-test',
      baseUrl,
      model: 'local-embed',
      dimension: 4,
    });

    const vectors = await embedder.embed(['a', 'bbb']);

    expect(vectors).toEqual([fakeVector('a', 4), fakeVector('bbb', 4)]);
    expect(requests[0].authorization).toBe('Bearer sk-test');
    expect(requests[0].body).toMatchObject({
      model: 'local-embed',
      input: ['a', 'bbb'],
      encoding_format: 'float',
    });
  });

  it('knows the size of text-embedding-3-small', () => {
    const embedder = createOpenAIEmbedder({
      apiKey: 'sk-test',
      baseUrl,
      model: 'text-embedding-3-small',
    });

    expect(embedder.dimension).toBe(1536);
    expect(embedder.name).toBe('openai:text-embedding-3-small:1536');
  });

  it('sends dimensions when one is set', async () => {
    const embedder = createOpenAIEmbedder({
      apiKey: 'sk-test',
      baseUrl,
      model: 'text-embedding-3-small',
      dimension: 8,
    });

    const [vector] = await embedder.embed(['hello']);

    expect(requests[0].body.dimensions).toBe(8);
    expect(vector).toHaveLength(8);
  });

  it('replaces empty inputs, which the API rejects', async () => {
    const embedder = createOpenAIEmbedder({
      apiKey: 'sk-test',
      baseUrl,
      model: 'local-embed',
      dimension: 4,
    });

    await embedder.embed(['']);

    expect(requests[0].body.input).toEqual([' ']);
  });

  it('rejects an unknown model without a dimension', () => {
    expect(() => createOpenAIEmbedder({ apiKey: 'sk-test', baseUrl, model: 'mystery' })).toThrow(
      /pass dimension/,
    );
  });

  it('reports a wrong key as forbidden', async () => {
    reply = () => ({
      status: 401,
      json: { error: { message: 'Incorrect API key provided', type: 'invalid_request_error' } },
    });
    const embedder = createOpenAIEmbedder({
      apiKey: 'sk-wrong',
      baseUrl,
      model: 'local-embed',
      dimension: 4,
    });

    const error = await embedder.embed(['a']).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ToolError);
    expect((error as ToolError).code).toBe('forbidden');
    expect((error as ToolError).message).toContain('Incorrect API key provided');
  });

  it('reports 429 as rate limited', async () => {
    reply = () => ({ status: 429, json: { error: { message: 'Rate limit reached' } } });
    const embedder = createOpenAIEmbedder({
      apiKey: 'sk-test',
      baseUrl,
      model: 'local-embed',
      dimension: 4,
    });

    await expect(embedder.embed(['a'])).rejects.toMatchObject({ code: 'rate_limited' });
  });

  it('rejects vectors of the wrong length', async () => {
    reply = (body) => embeddingsResponse({ ...body, dimensions: 4 });
    const embedder = createOpenAIEmbedder({
      apiKey: 'sk-test',
      baseUrl,
      model: 'local-embed',
      dimension: 6,
    });

    await expect(embedder.embed(['a'])).rejects.toMatchObject({ code: 'upstream_error' });
  });

  it('times out a slow server', async () => {
    reply = (body) => ({ ...embeddingsResponse(body), delayMs: 500 });
    const embedder = createOpenAIEmbedder({
      apiKey: 'sk-test',
      baseUrl,
      model: 'local-embed',
      dimension: 4,
      timeoutMs: 50,
    });

    await expect(embedder.embed(['a'])).rejects.toMatchObject({ code: 'timeout' });
  });

  it('reports an unreachable server as unavailable', async () => {
    const embedder = createOpenAIEmbedder({
      apiKey: 'sk-test',
      baseUrl: 'http://127.0.0.1:1/v1',
      model: 'local-embed',
      dimension: 4,
    });

    await expect(embedder.embed(['a'])).rejects.toMatchObject({ code: 'unavailable' });
  });
});
