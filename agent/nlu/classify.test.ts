import { describe, expect, it } from 'vitest';
import { classify } from './classify.js';
import type { ClassifyContext, Intent, Slots } from './types.js';

/** Friday 1 March 2019, the reference day of the labelled SGD turns. */
const FRIDAY: ClassifyContext = { now: new Date('2019-03-01T12:00:00Z'), timeZone: 'UTC' };

interface Case {
  text: string;
  intent: Intent;
  slots?: Partial<Slots>;
}

const CASES: Case[] = [
  // Flights.
  {
    text: 'flights from Berlin to Lisbon next Friday for 2 adults',
    intent: 'flight_search',
    slots: {
      origin: 'Berlin',
      origin_codes: ['BER'],
      destination: 'Lisbon',
      depart_date: '2019-03-08',
      adults: 2,
    },
  },
  {
    text: 'book a flight from la to madrid',
    intent: 'flight_search',
    slots: { origin: 'Los Angeles', destination: 'Madrid' },
  },
  {
    text: 'lax to sfo on april 1st returning april 7th',
    intent: 'flight_search',
    slots: {
      origin: 'LAX',
      destination: 'SFO',
      depart_date: '2019-04-01',
      return_date: '2019-04-07',
    },
  },
  {
    text: 'I am leaving London for Phoenix on the 11th.',
    intent: 'flight_search',
    slots: {
      origin: 'London',
      origin_codes: ['LON'],
      destination: 'Phoenix',
      depart_date: '2019-03-11',
    },
  },
  {
    text: 'I need 4 tickets from Philly',
    intent: 'flight_search',
    slots: { origin: 'Philadelphia', adults: 4 },
  },
  {
    text: "I'd like to find a premium economy ticket to San Francisco.",
    intent: 'flight_search',
    slots: { destination: 'San Francisco', cabin: 'premium_economy' },
  },
  {
    text: "I'd like to go to New York.",
    intent: 'flight_search',
    slots: { destination: 'New York', destination_codes: ['NYC'] },
  },
  { text: 'From Las Vegas will be okay.', intent: 'flight_search', slots: { origin: 'Las Vegas' } },
  {
    text: "I'll be leaving next Wednesday.",
    intent: 'flight_search',
    slots: { depart_date: '2019-03-06' },
  },
  {
    text: 'one way flight to Chi-town this Saturday',
    intent: 'flight_search',
    slots: { destination: 'Chicago', destination_codes: ['CHI'], depart_date: '2019-03-02' },
  },
  {
    text: 'fly me from NYC to Vegas on Monday next week, back Tuesday next week',
    intent: 'flight_search',
    slots: {
      origin: 'New York',
      destination: 'Las Vegas',
      depart_date: '2019-03-04',
      return_date: '2019-03-05',
    },
  },
  {
    text: 'nonstop flights to Tokyo under $900 in business class',
    intent: 'flight_search',
    slots: {
      destination: 'Tokyo',
      direct_only: true,
      max_price: 900,
      currency: 'USD',
      cabin: 'business',
    },
  },
  {
    text: 'first class flight from DC to Paris on 12 March',
    intent: 'flight_search',
    slots: {
      origin: 'WAS',
      destination: 'Paris',
      cabin: 'first',
      depart_date: '2019-03-12',
    },
  },
  {
    text: 'cheapest flights to Lisbn for me and my wife',
    intent: 'flight_search',
    slots: { destination: 'Lisbon', adults: 2 },
  },
  {
    text: 'flights to nice for two adults and 2 kids',
    intent: 'flight_search',
    slots: { destination: 'Nice', adults: 2, children: 2 },
  },
  {
    text: 'fly to Rome tomorrow with a baby',
    intent: 'flight_search',
    slots: { destination: 'Rome', depart_date: '2019-03-02', infants: 1 },
  },
  { text: 'is my flight to boston delayed', intent: 'flight_search' },
  { text: 'when will they let me board', intent: 'flight_search' },
  {
    text: 'I want to return on March 14th.',
    intent: 'flight_search',
    slots: { return_date: '2019-03-14' },
  },
  {
    text: 'round trip from Seattle to Denver from the 4th to the 9th',
    intent: 'flight_search',
    slots: {
      origin: 'Seattle',
      destination: 'Denver',
      depart_date: '2019-03-04',
      return_date: '2019-03-09',
    },
  },
  {
    text: 'flights from Paris to London in two weeks',
    intent: 'flight_search',
    slots: { origin: 'Paris', destination: 'London', depart_date: '2019-03-15' },
  },
  {
    text: 'a flight to Heathrow the day after tomorrow',
    intent: 'flight_search',
    slots: { destination: 'LHR', depart_date: '2019-03-03' },
  },
  {
    text: 'Fly to Portland, leaving 3/15',
    intent: 'flight_search',
    slots: { destination: 'Portland', depart_date: '2019-03-15' },
  },
  {
    text: 'flights to Miami for a week from March 10',
    intent: 'flight_search',
    slots: { destination: 'Miami', depart_date: '2019-03-10', return_date: '2019-03-17' },
  },
  // Stays.
  {
    text: 'a place to stay in Lisbon from 12 to 15 March for 2, with a dog',
    intent: 'lodging_search',
    slots: {
      location: 'Lisbon',
      check_in: '2019-03-12',
      check_out: '2019-03-15',
      adults: 2,
      pets: true,
    },
  },
  {
    text: 'hotel in Porto 12-15 March',
    intent: 'lodging_search',
    slots: { location: 'Porto', check_in: '2019-03-12', check_out: '2019-03-15' },
  },
  {
    text: 'find me a hotel in seattle with great reviews',
    intent: 'lodging_search',
    slots: { location: 'Seattle' },
  },
  {
    text: 'i need a room in indianapolis from may 2nd through the 5th',
    intent: 'lodging_search',
    slots: { location: 'Indianapolis', check_in: '2019-05-02', check_out: '2019-05-05' },
  },
  {
    text: 'book me a hotel in pittsburgh for 3/15 through 3/18',
    intent: 'lodging_search',
    slots: { location: 'Pittsburgh', check_in: '2019-03-15', check_out: '2019-03-18' },
  },
  {
    text: 'I want to check in on the 2nd of March and check out on the 14th of March.',
    intent: 'lodging_search',
    slots: { check_in: '2019-03-02', check_out: '2019-03-14' },
  },
  {
    text: 'I want to check out on the 13th of march.',
    intent: 'lodging_search',
    slots: { check_out: '2019-03-13' },
  },
  { text: 'Yeah, get me a house for 3 people.', intent: 'lodging_search', slots: { adults: 3 } },
  {
    text: 'hotel near Heathrow tonight',
    intent: 'lodging_search',
    slots: { location: 'London', check_in: '2019-03-01' },
  },
  {
    text: 'a pet-friendly apartment in Berlin for 3 nights from the 20th',
    intent: 'lodging_search',
    slots: { location: 'Berlin', pets: true, check_in: '2019-03-20', check_out: '2019-03-23' },
  },
  {
    text: 'need a place to crash in Boston this weekend',
    intent: 'lodging_search',
    slots: { location: 'Boston', check_in: '2019-03-02' },
  },
  {
    text: 'an airbnb in Bath for a fortnight from next Monday',
    intent: 'lodging_search',
    slots: { location: 'Bath', check_in: '2019-03-04', check_out: '2019-03-18' },
  },
  {
    text: 'hotels in New York City under 200 euros a night',
    intent: 'lodging_search',
    slots: { location: 'New York', max_price: 200, currency: 'EUR' },
  },
  {
    text: 'are there any vacancies in Denver from april 2 through april 8',
    intent: 'lodging_search',
    slots: { location: 'Denver', check_in: '2019-04-02', check_out: '2019-04-08' },
  },
  {
    text: 'I need a room for my family of 4 in Split',
    intent: 'lodging_search',
    slots: { location: 'Split', adults: 4 },
  },
  // Destination questions.
  {
    text: 'what should I know before visiting Lisbon?',
    intent: 'destination_info',
    slots: { place: 'Lisbon' },
  },
  {
    text: 'tell me about https://example.org/x',
    intent: 'destination_info',
    slots: { url: 'https://example.org/x' },
  },
  {
    text: 'what does this page say about Lisbon: https://example.org/lisbon',
    intent: 'destination_info',
    slots: { place: 'Lisbon', url: 'https://example.org/lisbon' },
  },
  {
    text: 'do i need a visa for Japan',
    intent: 'destination_info',
    slots: { place: 'Japan', topic: 'visa' },
  },
  {
    text: "what's the weather like in Reykjavik",
    intent: 'destination_info',
    slots: { place: 'Reykjavík', topic: 'weather' },
  },
  {
    text: 'which plug adapter do I need in the UK',
    intent: 'destination_info',
    slots: { place: 'United Kingdom', topic: 'plugs' },
  },
  {
    text: 'what timezone is dallas in',
    intent: 'destination_info',
    slots: { place: 'Dallas', topic: 'time_zone' },
  },
  {
    text: 'what vaccines do I need for Kenya',
    intent: 'destination_info',
    slots: { place: 'Kenya', topic: 'health' },
  },
  {
    text: 'things to do in Nashville',
    intent: 'destination_info',
    slots: { place: 'Nashville', topic: 'things_to_do' },
  },
  {
    text: 'what is the exchange rate in Mexico',
    intent: 'destination_info',
    slots: { place: 'Mexico', topic: 'currency' },
  },
  {
    text: 'are there any travel alerts for Peru',
    intent: 'destination_info',
    slots: { place: 'Peru', topic: 'safety' },
  },
  // Memory.
  {
    text: "I'm vegetarian and I prefer aisle seats",
    intent: 'memory',
    slots: { memory_action: 'store' },
  },
  {
    text: 'what do you know about my food preferences?',
    intent: 'memory',
    slots: { memory_action: 'recall' },
  },
  { text: "forget that I'm vegetarian", intent: 'memory', slots: { memory_action: 'forget' } },
  {
    text: 'remember that my home airport is Gatwick',
    intent: 'memory',
    slots: { memory_action: 'store' },
  },
  { text: 'I always prefer window seats', intent: 'memory', slots: { memory_action: 'store' } },
  {
    text: 'what did I tell you about hotels?',
    intent: 'memory',
    slots: { memory_action: 'recall' },
  },
  {
    text: 'please delete my seat preference',
    intent: 'memory',
    slots: { memory_action: 'forget' },
  },
  { text: "I'm allergic to peanuts", intent: 'memory', slots: { memory_action: 'store' } },
  // Other.
  { text: 'hello there', intent: 'other' },
  { text: "what's 2+2", intent: 'other' },
  { text: 'play some jazz', intent: 'other' },
  { text: 'set an alarm for 6 am', intent: 'other' },
  { text: 'how many calories are in a hot dog', intent: 'other' },
  { text: 'what a nice day', intent: 'other' },
  { text: 'I was reading about the split in march', intent: 'other' },
  // Trip planning.
  {
    text: 'plan a 5 day trip to Rome in May with flights from London and a hotel',
    intent: 'trip_planning',
    slots: { destination: 'Rome', origin: 'London' },
  },
  {
    text: 'Could you create a 3-day itinerary departing from Atlanta and heading to Chattanooga?',
    intent: 'trip_planning',
    slots: { origin: 'Atlanta', destination: 'Chattanooga' },
  },
  {
    text: 'help me plan a week in Japan: flights, hotels and things to see',
    intent: 'trip_planning',
  },
  // A dislike stated with a request is part of the request.
  {
    text: 'I hate early flights, find me a flight from Berlin to Rome next Friday',
    intent: 'flight_search',
    slots: { origin: 'Berlin', destination: 'Rome', depart_date: '2019-03-08' },
  },
];

describe('classify', () => {
  it.each(CASES.map((c) => [c.text, c] as const))('%s', (_text, testCase) => {
    const result = classify(testCase.text, FRIDAY);
    expect(result.intent).toBe(testCase.intent);
    for (const [key, value] of Object.entries(testCase.slots ?? {})) {
      expect(result.slots[key as keyof Slots], key).toEqual(value);
    }
  });

  it('has at least 60 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(60);
  });
});

describe('classify missing slots', () => {
  it('lists what a flight still needs', () => {
    const result = classify('flights to Lisbon', FRIDAY);
    expect(result.missing).toEqual(['origin', 'depart_date']);
  });

  it('needs place or url for destination questions', () => {
    expect(classify('what is the weather like', FRIDAY).missing).toEqual(['place']);
    expect(classify('what is the weather like in Oslo', FRIDAY).missing).toEqual([]);
  });

  it('defaults check-out from stay length', () => {
    const result = classify('hotel in Oslo from the 5th for 3 nights', FRIDAY);
    expect(result.slots.check_out).toBe('2019-03-08');
    expect(result.missing).toEqual([]);
  });
});

describe('classify follow-ups', () => {
  const first = classify('flights from Berlin to Lisbon next Friday, back on the 12th', FRIDAY);
  const withPrevious: ClassifyContext = {
    ...FRIDAY,
    previous: { intent: first.intent, slots: first.slots },
  };

  it('changes the cabin', () => {
    const result = classify('make it business class', withPrevious);
    expect(result.intent).toBe('flight_search');
    expect(result.slots.cabin).toBe('business');
    expect(result.slots.origin).toBe('Berlin');
    expect(result.slots.depart_date).toBe('2019-03-08');
  });

  it('shifts dates by a week', () => {
    const result = classify('what about the week after?', withPrevious);
    expect(result.intent).toBe('flight_search');
    expect(result.slots.depart_date).toBe('2019-03-15');
    expect(result.slots.return_date).toBe('2019-03-19');
  });

  it('books a hotel at the destination', () => {
    const result = classify('and a hotel there', withPrevious);
    expect(result.intent).toBe('lodging_search');
    expect(result.slots.location).toBe('Lisbon');
    expect(result.slots.check_in).toBe('2019-03-08');
    expect(result.slots.check_out).toBe('2019-03-12');
    expect(result.missing).toEqual([]);
  });

  it('replaces the destination', () => {
    const result = classify('what about to Porto instead?', withPrevious);
    expect(result.intent).toBe('flight_search');
    expect(result.slots.destination).toBe('Porto');
    expect(result.slots.origin).toBe('Berlin');
  });

  it('ignores previous turn for new topics', () => {
    const result = classify('play some jazz', withPrevious);
    expect(result.intent).toBe('other');
    expect(result.slots).toEqual({});
  });
});

describe('classify time zones', () => {
  it('reads tonight in the user zone', () => {
    // 23:30 UTC on 1 March is already 2 March in Tokyo.
    const now = new Date('2019-03-01T23:30:00Z');
    const tokyo = classify('hotel in Osaka tonight', { now, timeZone: 'Asia/Tokyo' });
    const london = classify('hotel in Osaka tonight', { now, timeZone: 'Europe/London' });
    expect(tokyo.slots.check_in).toBe('2019-03-02');
    expect(london.slots.check_in).toBe('2019-03-01');
  });

  it('reads numeric dates by region', () => {
    const europe = classify('hotel in Rome on 03/04', FRIDAY);
    const america = classify('hotel in Rome on 03/04', { ...FRIDAY, timeZone: 'America/New_York' });
    expect(europe.slots.check_in).toBe('2019-04-03');
    expect(europe.notes).toContain('read 03/04 as 3 April (day first)');
    expect(america.slots.check_in).toBe('2019-03-04');
  });

  it('notes a date moved to next year', () => {
    const result = classify('flights to Oslo on 12 January', FRIDAY);
    expect(result.slots.depart_date).toBe('2020-01-12');
    expect(result.notes.some((note) => note.includes('has passed'))).toBe(true);
  });
});

describe('classify determinism', () => {
  it('returns equal results for equal input', () => {
    const text = 'a hotel in Nice for 2 adults from the 8th to the 10th';
    expect(classify(text, FRIDAY)).toEqual(classify(text, FRIDAY));
  });

  it('rejects an unknown time zone', () => {
    expect(() => classify('hi', { now: new Date(), timeZone: 'Mars/Olympus' })).toThrow(RangeError);
  });
});
