import { describe, expect, it } from 'vitest';
import { findHotelNames } from './hotel-names.js';

const names = (text: string) =>
  findHotelNames(text).map((span) => text.slice(span.start, span.end));

describe('findHotelNames', () => {
  it('takes the capitalized words after a brand', () => {
    expect(names('I wish to stay at Hyatt Place Washington Dc/National Mall.')).toEqual([
      'Hyatt Place Washington Dc/National Mall',
    ]);
  });

  it('stops at the end of the sentence', () => {
    expect(names('Stay at Hotel Ibis Paris Opera 9eMe. I leave on the 8th')).toEqual([
      'Hotel Ibis Paris Opera 9eMe',
    ]);
  });

  it('ignores a brand without a property name', () => {
    expect(names('a Hilton in Paris')).toEqual([]);
    expect(names('a hotel in Anaheim')).toEqual([]);
  });

  it('ignores a message in capitals', () => {
    expect(names('HOTEL IN ATHENS FROM 2 APRIL')).toEqual([]);
  });
});
