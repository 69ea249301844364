import { describe, expect, it } from 'vitest';

import type { FlightOffer } from '../../tools/flights/index.js';
import type { Classification, Slots } from '../nlu/index.js';
import type { OfferRecheck } from '../nodes/offer-choices.js';
import type { ToolOutcome } from '../state.js';
import { composeReply, humanNote } from './compose.js';

function flightTurn(slots: Slots, outcomes: ToolOutcome[], missing: Array<keyof Slots> = []) {
  const classification: Classification = {
    intent: 'flight_search',
    confidence: 0.9,
    slots,
    missing,
    notes: [],
  };
  return composeReply({ classification, outcomes, recalled: [], userText: '' });
}

function outcome(tool: string, fields: Partial<ToolOutcome>): ToolOutcome {
  return { tool, args: {}, ok: true, cached: false, durationMs: 1, ...fields };
}

const offer = {
  id: 'off_1',
  totalAmount: 381.9,
  currency: 'EUR',
  slices: [],
  cabin: 'economy',
  expiresAt: '2027-01-04T10:30:00.000Z',
  sample: false,
  provider: 'duffel',
} satisfies FlightOffer;

function recheck(quoted: number): ToolOutcome {
  const result: OfferRecheck = {
    option: 2,
    summary: 'ZZ1210 BER 13:10 → LIS 16:00 on Fri, 15 Jan 2027',
    quoted: { totalAmount: quoted, currency: 'EUR' },
    offer,
  };
  return outcome('get_flight_offer', { result });
}

describe('composeReply for flights', () => {
  it('reports a changed price', () => {
    const reply = flightTurn({ selection: 2 }, [recheck(374.2)]);
    expect(reply).toContain('was EUR 374.20, now EUR 381.90');
    expect(reply).toContain('ZZ1210 BER 13:10');
    expect(reply).toContain('off_1');
  });

  it('confirms an unchanged price', () => {
    const reply = flightTurn({ selection: 2 }, [recheck(381.9)]);
    expect(reply).toContain('Option 2 still costs EUR 381.90');
    expect(reply).not.toContain('was');
  });

  it('gives no price when the check fails', () => {
    const failed = outcome('get_flight_offer', { ok: false, error: 'Offer off_1 expired.' });
    const reply = flightTurn({ selection: 2 }, [failed]);
    expect(reply).toBe('I could not check the current price of option 2: Offer off_1 expired.');
  });

  it('asks for a search before a pick', () => {
    const reply = flightTurn({ selection: 3 }, [], ['origin', 'destination', 'depart_date']);
    expect(reply).toMatch(/no flight search to pick option 3 from yet/);
  });

  it('passes on a place question', () => {
    const error =
      'Portland could be PDX (Portland International Airport) or PWM (Portland International Jetport): which one?';
    const reply = flightTurn({}, [outcome('search_flights', { ok: false, error })]);
    expect(reply).toBe(`Before I search: ${error}`);
  });

  it('drops the field label of a country question', () => {
    const error = 'destination: France is a country. Which city or airport in France?';
    const reply = flightTurn({}, [outcome('search_flights', { ok: false, error })]);
    expect(reply).toBe('Before I search: France is a country. Which city or airport in France?');
  });

  it('says which child ages were assumed', () => {
    const search = outcome('search_flights', {
      args: { adults: 2, childrenAges: [7, 10] },
      result: {
        provider: 'sample',
        sample: true,
        origin: { query: 'Berlin', codes: ['BER'], name: 'Berlin' },
        destination: { query: 'Lisbon', codes: ['LIS'], name: 'Lisbon' },
        offers: [],
      },
    });
    const reply = flightTurn({ children: 2, children_ages: [7] }, [search]);
    expect(reply).toContain('I priced one child as aged 10 because no age was given');
  });
});

describe('composeReply flight list', () => {
  function offerAt(price: number, departLocal: string, arriveLocal: string): FlightOffer {
    const segment = {
      carrier: { iata: 'ZZ', name: 'Sample Air' },
      flightNumber: 'ZZ1',
      origin: 'BER',
      destination: 'LIS',
      departLocal,
      arriveLocal,
      durationMinutes: 220,
    };
    const slice = {
      origin: 'BER',
      destination: 'LIS',
      segments: [segment],
      durationMinutes: 220,
      stops: 0,
    };
    return { ...offer, totalAmount: price, slices: [slice] };
  }

  function search(offers: FlightOffer[]): ToolOutcome {
    return outcome('search_flights', {
      args: { adults: 1 },
      result: {
        provider: 'duffel',
        sample: false,
        origin: { query: 'Berlin', codes: ['BER'], name: 'Berlin' },
        destination: { query: 'Lisbon', codes: ['LIS'], name: 'Lisbon' },
        offers,
      },
    });
  }

  it('marks an arrival on the next day', () => {
    const reply = flightTurn({}, [
      search([offerAt(100, '2027-01-15T21:35:00', '2027-01-16T00:15:00')]),
    ]);
    expect(reply).toContain('BER 21:35 → LIS 00:15 (+1)');
  });

  it('leaves a same-day arrival unmarked', () => {
    const reply = flightTurn({}, [
      search([offerAt(100, '2027-01-15T09:35:00', '2027-01-15T12:15:00')]),
    ]);
    expect(reply).toContain('LIS 12:15, ');
    expect(reply).not.toContain('(+');
  });

  it('names the shown offers the cheapest', () => {
    const offers = [100, 120, 140, 160, 180].map((price) =>
      offerAt(price, '2027-01-15T09:35:00', '2027-01-15T12:15:00'),
    );
    expect(flightTurn({}, [search(offers)])).toContain(
      'Here are the 3 cheapest of 5 flight options',
    );
    expect(flightTurn({}, [search(offers.slice(0, 2))])).toContain('Here are 2 flight options');
  });
});

describe('composeReply destination answers', () => {
  function destinationTurn(topic: string | undefined, notes: string[]) {
    const classification: Classification = {
      intent: 'destination_info',
      confidence: 0.9,
      slots: { place: 'Lisbon' },
      missing: [],
      notes: [],
    };
    const result = {
      place: { name: 'Lisbon', country: 'Portugal', countryCode: 'PT' },
      facts: [{ label: 'Country', value: 'Portugal (PT)', source: 'test' }],
      passages: [],
      offline: true,
      notes,
    };
    const args = topic
      ? { place: 'Lisbon', question: 'q', topic }
      : { place: 'Lisbon', question: 'q' };
    const guide = outcome('destination_guide', { args, result });
    return composeReply({ classification, outcomes: [guide], recalled: [], userText: 'q' });
  }

  it('says offline facts do not answer the topic', () => {
    const reply = destinationTurn('weather', []);
    expect(reply).toContain('I cannot tell you about the weather in Lisbon right now');
    expect(reply).toContain('Here are the general facts I have:');
  });

  it('answers a fact topic without that warning', () => {
    const reply = destinationTurn('currency', []);
    expect(reply).not.toContain('I cannot tell you');
    expect(reply).toContain('Here is what I know about Lisbon:');
  });

  it('states a failed fetch once', () => {
    const reply = destinationTurn(undefined, [
      'page fetch failed: timed out; showing offline facts',
    ]);
    expect(reply).not.toContain('no web page was read');
    expect(reply).toContain('(page fetch failed: timed out; showing offline facts)');
  });
});

describe('composeReply wording for travellers', () => {
  function turn(classification: Partial<Classification>, userText = '') {
    const full: Classification = {
      intent: 'flight_search',
      confidence: 0.9,
      slots: {},
      missing: [],
      notes: [],
      ...classification,
    };
    return composeReply({ classification: full, outcomes: [], recalled: [], userText });
  }

  it('hides the follow-up bookkeeping note', () => {
    const reply = turn({
      intent: 'lodging_search',
      slots: { location: 'Lisbon', check_in: '2026-12-18' },
      missing: ['check_out'],
      notes: [
        'read as an answer to the previous lodging_search',
        'moved the previous dates by 7 days',
      ],
    });
    expect(reply).not.toMatch(/previous lodging_search/i);
    expect(reply).toContain('I moved the dates of your last search by 7 days.');
  });

  it('rewords a month without a day', () => {
    const reply = turn({
      intent: 'trip_planning',
      slots: { destination: 'Porto' },
      missing: ['depart_date'],
      notes: ['a month without a day gives no departure date'],
    });
    expect(reply).toContain('I need a day as well as the month.');
    expect(reply).not.toContain('gives no departure date');
  });

  it('says which date replaced a passed one', () => {
    expect(humanNote('12 March has passed: used 2027-03-12')).toBe(
      '12 March has passed this year, so I used Fri, 12 Mar 2027.',
    );
  });

  it('answers what it can do without refusing', () => {
    const reply = turn({ intent: 'other' }, 'what can you do?');
    expect(reply).not.toContain('cannot help');
    expect(reply).toContain('search flights');
  });

  it('mentions recalled notes with one full stop', () => {
    const classification: Classification = {
      intent: 'lodging_search',
      confidence: 0.9,
      slots: {},
      missing: [],
      notes: [],
    };
    const reply = composeReply({
      classification,
      outcomes: [],
      recalled: [
        {
          id: 'm1',
          kind: 'preference',
          topic: 'home_airport',
          text: 'My home airport is Berlin.',
          score: 0.9,
        },
      ],
      userText: '',
    });
    expect(reply).toContain('You told me earlier: My home airport is Berlin.');
    expect(reply).not.toContain('..');
  });
});
