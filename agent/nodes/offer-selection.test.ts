import { describe, expect, it } from 'vitest';

import { readOfferSelection } from './offer-selection.js';

describe('readOfferSelection', () => {
  it.each([
    ['option 2', 2],
    ['Option 2', 2],
    ['book option 2', 2],
    ['book option #3 please', 3],
    ['the second one', 2],
    ['the second one, please', 2],
    ['2nd option', 2],
    ['the third', 3],
    ['number two', 2],
    ["I'll take the cheapest", 1],
    ['the cheapest one please', 1],
    ['flight 4', 4],
  ])('reads %j as %i', (text, option) => {
    expect(readOfferSelection(text)).toBe(option);
  });

  it.each([
    'first class please',
    'make it first class',
    'cheapest flights from Berlin to Lisbon next Friday',
    'the cheapest hotel in Lisbon',
    'flights on the second of May',
    'book flight TP1204',
    'hello',
    'what is there to see in Lisbon?',
    'I would like option 2 but could you first tell me about baggage rules for children on this airline',
  ])('ignores %j', (text) => {
    expect(readOfferSelection(text)).toBeUndefined();
  });
});
