import { describe, expect, it } from 'vitest';

import { bringsPets, extractParty } from './slot-rules.js';

describe('extractParty ages', () => {
  it('reads a family listed by relation and age', () => {
    expect(extractParty('for me, my wife, our 15-year-old, our 5-year-old and a baby')).toEqual({
      adults: 2,
      children: 2,
      children_ages: [15, 5],
      infants: 1,
    });
  });

  it.each([
    ['2 adults and 2 kids aged 5 and 8', { adults: 2, children: 2, children_ages: [5, 8] }],
    ['2 adults, kids ages 4, 9 and 12', { adults: 2, children: 3, children_ages: [4, 9, 12] }],
    ['me and my 7yo', { adults: 1, children: 1, children_ages: [7] }],
    ['my wife and i and our 9-month-old', { adults: 2, infants: 1 }],
    ['me, my parents and my 12 year old son', { adults: 3, children: 1, children_ages: [12] }],
    ['for me and my 19-year-old daughter', { adults: 2 }],
    ['3 kids aged 6 and 8', { children: 3, children_ages: [6, 8] }],
  ])('reads %j', (text, party) => {
    expect(extractParty(text)).toEqual(party);
  });

  it.each([
    ['me and my two kids', { adults: 1, children: 2 }],
    ['me and my wife', { adults: 2 }],
    ['flights for my wife', {}],
    ['2 adults', { adults: 2 }],
  ])('keeps %j as before', (text, party) => {
    expect(extractParty(text)).toEqual(party);
  });
});

describe('bringsPets', () => {
  it.each(['with my dog', 'pet-friendly hotel', 'we have two cats'])('reads %j as pets', (text) => {
    expect(bringsPets(text)).toBe(true);
  });

  it.each([
    'without my dog',
    'no pets this time',
    'no dog',
    'leaving the dog at home',
    'not bringing the cat',
  ])('reads %j as no pets', (text) => {
    expect(bringsPets(text)).toBe(false);
  });

  it('reads nothing without an animal', () => {
    expect(bringsPets('a hotel in rome')).toBeUndefined();
  });
});
