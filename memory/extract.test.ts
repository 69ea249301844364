import { describe, expect, it } from 'vitest';

import { extractMemories } from './extract.js';

describe('extractMemories', () => {
  const cases: Array<[string, Array<{ kind: string; topic: string; text: string }>]> = [
    ["I'm vegetarian.", [{ kind: 'preference', topic: 'diet', text: 'I am vegetarian.' }]],
    [
      "I don't like early morning flights",
      [
        {
          kind: 'preference',
          topic: 'dislike: early morning flights',
          text: "I don't like early morning flights.",
        },
      ],
    ],
    [
      'I always fly with my dog and I hate red-eye flights',
      [
        { kind: 'fact', topic: 'companions', text: 'I travel with my dog.' },
        {
          kind: 'preference',
          topic: 'dislike: red-eye flights',
          text: "I don't like red-eye flights.",
        },
      ],
    ],
    ["I don't like the hotel you found, show me another", []],
    ['I am a strict vegan', [{ kind: 'preference', topic: 'diet', text: 'I am vegan.' }]],
    ['I only eat halal', [{ kind: 'preference', topic: 'diet', text: 'I eat halal.' }]],
    ["I don't eat pork", [{ kind: 'fact', topic: 'diet', text: "I don't eat pork." }]],
    [
      "I'm allergic to peanuts and shellfish.",
      [{ kind: 'fact', topic: 'allergy', text: 'I am allergic to peanuts and shellfish.' }],
    ],
    ['I have a nut allergy', [{ kind: 'fact', topic: 'allergy', text: 'I have a nut allergy.' }]],
    [
      'I now prefer window seats',
      [{ kind: 'preference', topic: 'seat', text: 'I prefer window seats.' }],
    ],
    ['Aisle seat please.', [{ kind: 'preference', topic: 'seat', text: 'I prefer aisle seats.' }]],
    [
      'I always fly business class',
      [{ kind: 'preference', topic: 'cabin', text: 'I fly business class.' }],
    ],
    [
      'My home airport is Manchester (MAN) and I love it',
      [{ kind: 'preference', topic: 'home_airport', text: 'My home airport is Manchester (MAN).' }],
    ],
    [
      'I usually fly out of LHR.',
      [{ kind: 'preference', topic: 'home_airport', text: 'My home airport is LHR.' }],
    ],
    [
      'I live in Leeds and work in York',
      [{ kind: 'fact', topic: 'home_city', text: 'I live in Leeds.' }],
    ],
    [
      'My Marriott Bonvoy number is 88123456.',
      [{ kind: 'fact', topic: 'loyalty', text: 'My Marriott Bonvoy number is 88123456.' }],
    ],
    [
      "I'm a gold member of Flying Blue.",
      [{ kind: 'fact', topic: 'loyalty', text: 'I am a gold member of Flying Blue.' }],
    ],
    [
      'I prefer boutique hotels but not hostels.',
      [{ kind: 'preference', topic: 'lodging', text: 'I prefer boutique hotels.' }],
    ],
    [
      'I travel with my two kids.',
      [{ kind: 'fact', topic: 'companions', text: 'I travel with my two kids.' }],
    ],
    [
      "We're flying to Lisbon in March for a wedding.",
      [{ kind: 'trip', topic: 'upcoming_trip', text: 'Trip to Lisbon in March for a wedding.' }],
    ],
    [
      'Please remember that my wife hates early flights.',
      [{ kind: 'fact', topic: 'note', text: 'My wife hates early flights.' }],
    ],
  ];

  it.each(cases)('extracts %j', (message, expected) => {
    expect(extractMemories(message)).toEqual(expected);
  });

  it('finds several statements in one message', () => {
    const found = extractMemories("I'm vegetarian, and I prefer aisle seats. My name is Ana.");

    expect(found.map((memory) => memory.topic)).toEqual(['diet', 'seat', 'name']);
  });

  it.each([
    'Am I vegetarian?',
    'Do you know whether I prefer aisle seats',
    'What is my home airport?',
    "I'm not vegetarian",
    'My phone number is 5551234',
    'My booking reference number is ABC123',
    'Find me flights from London to Paris next Friday',
    '',
  ])('stores nothing from %j', (message) => {
    expect(extractMemories(message)).toEqual([]);
  });

  it.each([
    "I don't like either",
    "I don't like both of them",
    "I don't like what you found",
    "I don't like all of them",
    "I don't like none of them",
    "I don't like flight 3",
    "I don't like hotel number 2",
    'I hate how expensive these are',
  ])('stores no dislike of shown results from %j', (message) => {
    expect(extractMemories(message)).toEqual([]);
  });

  it.each(['My home airport is The one near my house', 'My home airport is Not sure yet'])(
    'stores no home airport from %j',
    (message) => {
      expect(extractMemories(message)).toEqual([]);
    },
  );

  it('keeps a name that starts with The', () => {
    expect(extractMemories('I live in The Hague')).toEqual([
      { kind: 'fact', topic: 'home_city', text: 'I live in The Hague.' },
    ]);
  });

  it('ends an allergy at a new clause', () => {
    const found = extractMemories('I am allergic to peanuts and my home airport is Porto');

    expect(found).toContainEqual({
      kind: 'fact',
      topic: 'allergy',
      text: 'I am allergic to peanuts.',
    });
    expect(found).toContainEqual({
      kind: 'preference',
      topic: 'home_airport',
      text: 'My home airport is Porto.',
    });
    expect(found).toHaveLength(2);
  });

  it('keeps a list of companions whole', () => {
    expect(extractMemories('I travel with my kids and my dog')).toEqual([
      { kind: 'fact', topic: 'companions', text: 'I travel with my kids and my dog.' },
    ]);
  });

  it('prefers a specific rule over a remember-that note', () => {
    const found = extractMemories("Please remember that I'm vegan.");

    expect(found).toEqual([{ kind: 'preference', topic: 'diet', text: 'I am vegan.' }]);
  });

  it('reads only the start of a very long message', () => {
    const padding = 'Lorem ipsum dolor sit amet. '.repeat(200);

    expect(extractMemories(`${padding}I'm vegan.`)).toEqual([]);
    expect(extractMemories(`I'm vegan. ${padding}`)).toHaveLength(1);
  });
});
