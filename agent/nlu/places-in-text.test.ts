import { describe, expect, it } from 'vitest';
import { findRoledPlaces, placeCodes } from './places-in-text.js';

function names(text: string): string[] {
  return findRoledPlaces(text).map((place) => place.mention.text);
}

describe('findRoledPlaces', () => {
  it('drops a state after a city', () => {
    expect(names('flying from Seattle, WA to Denver')).toEqual(['Seattle', 'Denver']);
  });

  it('drops the country after a city', () => {
    expect(names('a hotel in Paris, France')).toEqual(['Paris']);
  });

  it('keeps two cities in a route', () => {
    const places = findRoledPlaces('from Berlin to Lisbon');
    expect(places.map((place) => place.role)).toEqual(['origin', 'destination']);
  });

  it('skips an airline named after a place', () => {
    expect(names('I prefer American Airlines to Boston')).toEqual(['Boston']);
  });

  it('reads no typo in a verb after want to', () => {
    expect(names('I want to change my booking')).toEqual([]);
  });

  it('reads a typo after a travel preposition', () => {
    expect(names('flights to pariss')).toEqual(['pariss']);
  });

  it('finds informal city names', () => {
    expect(names('a room in KL')).toEqual(['KL']);
    expect(names('fly out of Ciudad de Mexico')).toEqual(['Ciudad de Mexico']);
  });
});

describe('placeCodes', () => {
  it('gives a city-state its airport', () => {
    const [place] = findRoledPlaces('from Singapore');
    expect(placeCodes(place.mention.match)).toEqual(['SIN']);
  });

  it('serves Mexico City from MEX first', () => {
    const [place] = findRoledPlaces('to Mexico City');
    expect(placeCodes(place.mention.match)?.[0]).toBe('MEX');
  });
});
