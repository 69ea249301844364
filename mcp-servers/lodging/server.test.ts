import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../agent/logger.js';
import type { DetailsOutput, SearchOutput } from './schemas.js';
import { createLodgingServer } from './server.js';

const NOW = new Date('2027-01-04T12:00:00Z');
const LISBON_STAY = {
  location: 'Lisbon',
  check_in: '2027-05-02',
  check_out: '2027-05-05',
  adults: 2,
};

let client: Client;

beforeEach(async () => {
  const server = createLodgingServer({ logger: silentLogger, now: () => NOW });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await server.connect(serverTransport);
  client = new Client({ name: 'test', version: '1.0.0' });
  await client.connect(clientTransport);
});

afterEach(async () => {
  await client.close();
});

async function call(name: string, args: Record<string, unknown>): Promise<CallToolResult> {
  return (await client.callTool({ name, arguments: args })) as CallToolResult;
}

async function search(args: Record<string, unknown>): Promise<SearchOutput> {
  const result = await call('search_accommodations', args);
  expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
  return result.structuredContent as SearchOutput;
}

function errorText(result: CallToolResult): string {
  expect(result.isError).toBe(true);
  return result.content.map((item) => (item.type === 'text' ? item.text : '')).join(' ');
}

describe('lodging MCP server', () => {
  it('lists both tools with schemas', async () => {
    const { tools } = await client.listTools();
    const names = tools.map((tool) => tool.name).sort();
    expect(names).toEqual(['get_accommodation_details', 'search_accommodations']);

    const searchTool = tools.find((tool) => tool.name === 'search_accommodations')!;
    expect(searchTool.inputSchema.required).toEqual(
      expect.arrayContaining(['location', 'check_in', 'check_out']),
    );
    expect(searchTool.outputSchema?.properties).toHaveProperty('offers');
    expect(searchTool.description).toMatch(/city/);
  });

  it('search echoes the resolved city', async () => {
    const result = await search(LISBON_STAY);
    expect(result.location.name).toBe('Lisbon');
    expect(result.location.country_code).toBe('PT');
    expect(result.location.latitude).toBeCloseTo(38.72, 1);
    expect(result.location.longitude).toBeCloseTo(-9.14, 1);
    expect(result.nights).toBe(3);
    expect(result.sample).toBe(true);
  });

  it('search returns sample offers near the centre', async () => {
    const result = await search(LISBON_STAY);
    expect(result.offers.length).toBeGreaterThan(0);
    for (const offer of result.offers) {
      expect(offer.sample).toBe(true);
      expect(offer.currency).toBe('EUR');
      expect(offer.total_price).toBe(offer.nightly_price * 3);
      expect(offer.distance_km).toBeLessThan(5);
      expect(Math.abs(offer.latitude! - result.location.latitude)).toBeLessThan(0.05);
    }
    const prices = result.offers.map((offer) => offer.nightly_price);
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
  });

  it('sample listings of a city never share a name', async () => {
    for (const location of ['Lisbon', 'Rome', 'Athens', 'Tokyo', 'New York', 'Porto']) {
      const result = await search({ ...LISBON_STAY, location });
      const names = result.offers.map((offer) => offer.name);
      expect(new Set(names).size, location).toBe(names.length);
    }
  });

  it('search text rendering names the city', async () => {
    const result = await call('search_accommodations', LISBON_STAY);
    const text = result.content[0];
    expect(text?.type).toBe('text');
    expect(text?.type === 'text' ? text.text : '').toMatch(/^Stays in Lisbon, Portugal/);
  });

  it('sample listings are deterministic per city and dates', async () => {
    const first = await search(LISBON_STAY);
    const second = await search(LISBON_STAY);
    const otherDates = await search({
      ...LISBON_STAY,
      check_in: '2027-08-02',
      check_out: '2027-08-05',
    });
    expect(second.offers).toEqual(first.offers);
    expect(otherDates.offers.map((offer) => offer.nightly_price)).not.toEqual(
      first.offers.map((offer) => offer.nightly_price),
    );
  });

  it('prices follow the country', async () => {
    const zurich = await search({ ...LISBON_STAY, location: 'Zurich', currency: 'EUR' });
    const hanoi = await search({ ...LISBON_STAY, location: 'Hanoi', currency: 'EUR' });
    const average = (result: SearchOutput) =>
      result.offers.reduce((sum, offer) => sum + offer.nightly_price, 0) / result.offers.length;
    expect(average(zurich)).toBeGreaterThan(average(hanoi) * 2);
  });

  it('search filters pets and price', async () => {
    const all = await search(LISBON_STAY);
    const withPets = await search({ ...LISBON_STAY, pets: true });
    expect(withPets.offers.every((offer) => offer.pets_allowed)).toBe(true);
    expect(withPets.total_results).toBeLessThan(all.total_results);

    const cheap = await search({ ...LISBON_STAY, max_price: 80 });
    expect(cheap.offers.every((offer) => offer.nightly_price <= 80)).toBe(true);
    const dear = await search({ ...LISBON_STAY, min_price: 150 });
    expect(dear.offers.every((offer) => offer.nightly_price >= 150)).toBe(true);
  });

  it('search converts to the requested currency', async () => {
    const euros = await search(LISBON_STAY);
    const pounds = await search({ ...LISBON_STAY, currency: 'gbp' });
    expect(pounds.currency).toBe('GBP');
    expect(pounds.offers[0]!.currency).toBe('GBP');
    expect(pounds.offers[0]!.nightly_price).toBeLessThan(euros.offers[0]!.nightly_price);
  });

  it('search pages with a cursor', async () => {
    const first = await search(LISBON_STAY);
    expect(first.total_results).toBeGreaterThan(first.offers.length);
    expect(first.next_cursor).toBeDefined();

    const second = await search({ ...LISBON_STAY, cursor: first.next_cursor });
    const firstIds = new Set(first.offers.map((offer) => offer.id));
    expect(second.offers.length).toBe(first.total_results - first.offers.length);
    expect(second.offers.some((offer) => firstIds.has(offer.id))).toBe(false);
    expect(second.next_cursor).toBeUndefined();
  });

  it('search resolves an airport code to its city', async () => {
    const result = await search({ ...LISBON_STAY, location: 'LHR' });
    expect(result.location.kind).toBe('airport');
    expect(result.location.airport_code).toBe('LHR');
    expect(result.location.country_code).toBe('GB');
    expect(result.currency).toBe('GBP');
  });

  it('details return rooms and rates', async () => {
    const { offers } = await search(LISBON_STAY);
    const offer = offers[0]!;
    const result = await call('get_accommodation_details', { id: offer.id, ...LISBON_STAY });
    expect(result.isError).toBeFalsy();

    const details = result.structuredContent as DetailsOutput;
    expect(details.accommodation.name).toBe(offer.name);
    expect(details.accommodation.nightly_price).toBe(offer.nightly_price);
    expect(details.accommodation.rooms.length).toBeGreaterThan(0);
    const cheapestRate = Math.min(
      ...details.accommodation.rooms.flatMap((room) => room.rates.map((rate) => rate.total_price)),
    );
    expect(cheapestRate).toBe(offer.total_price);
  });
});

describe('lodging MCP server errors', () => {
  it('unknown place is a tool error', async () => {
    const text = errorText(
      await call('search_accommodations', { ...LISBON_STAY, location: 'Qwxzzy Vvtt' }),
    );
    expect(text).toMatch(/^Invalid location: "Qwxzzy Vvtt" was not found/);
  });

  it('country is a tool error', async () => {
    const text = errorText(
      await call('search_accommodations', { ...LISBON_STAY, location: 'Portugal' }),
    );
    expect(text).toMatch(/location: .*country/);
  });

  it('check-out before check-in names check_out', async () => {
    const text = errorText(
      await call('search_accommodations', { ...LISBON_STAY, check_out: '2027-05-01' }),
    );
    expect(text).toMatch(/^Invalid check_out: 2027-05-01 must be after check_in/);
  });

  it('past check-in names check_in', async () => {
    const text = errorText(
      await call('search_accommodations', { ...LISBON_STAY, check_in: '2026-12-01' }),
    );
    expect(text).toMatch(/check_in: 2026-12-01 is in the past; today is 2027-01-04/);
  });

  it('impossible date names the field', async () => {
    const text = errorText(
      await call('search_accommodations', { ...LISBON_STAY, check_in: '2027-02-30' }),
    );
    expect(text).toMatch(/check_in: 2027-02-30 is not a real calendar date/);
  });

  it('stay over 99 nights is rejected', async () => {
    const text = errorText(
      await call('search_accommodations', { ...LISBON_STAY, check_out: '2027-09-01' }),
    );
    expect(text).toMatch(/check_out: .*maximum is 99/);
  });

  it('min above max names min_price', async () => {
    const text = errorText(
      await call('search_accommodations', { ...LISBON_STAY, min_price: 200, max_price: 100 }),
    );
    expect(text).toMatch(/min_price: 200 is above max_price 100/);
  });

  it('unknown currency is rejected', async () => {
    const text = errorText(
      await call('search_accommodations', { ...LISBON_STAY, currency: 'QQQ' }),
    );
    expect(text).toMatch(/currency: QQQ is not an ISO 4217/);
  });

  it('bad schema input is a tool error', async () => {
    const text = errorText(await call('search_accommodations', { ...LISBON_STAY, adults: 0 }));
    expect(text).toMatch(/adults/);
  });

  it('cursor from another search is rejected', async () => {
    const { next_cursor } = await search(LISBON_STAY);
    const text = errorText(
      await call('search_accommodations', {
        ...LISBON_STAY,
        location: 'Porto',
        cursor: next_cursor,
      }),
    );
    expect(text).toMatch(/cursor: belongs to a search with other arguments/);
  });

  it('details of an unknown id fail', async () => {
    const text = errorText(
      await call('get_accommodation_details', { ...LISBON_STAY, id: 'acc_nothing' }),
    );
    expect(text).toMatch(/^Invalid id: "acc_nothing" is not an offer id/);
  });
});
