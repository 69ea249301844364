import { describe, expect, it } from 'vitest';
import {
  distanceKm,
  findPlacesInText,
  getAirport,
  getCity,
  getCountry,
  resolvePlace,
  resolvePlaceCandidates,
  type PlaceMatch,
} from './index.js';

function label(match: PlaceMatch | undefined): string | undefined {
  if (!match) return undefined;
  if (match.kind === 'city') return `city:${match.city.name}/${match.city.countryCode}`;
  if (match.kind === 'airport') return `airport:${match.airport.iata}`;
  return `country:${match.country.code}`;
}

function codesOf(match: PlaceMatch | undefined): string[] | undefined {
  return match?.kind === 'city' ? match.codes : undefined;
}

function airportsOf(match: PlaceMatch | undefined): string[] | undefined {
  return match?.kind === 'city' ? match.city.airports : undefined;
}

function mentions(text: string): string[] {
  return findPlacesInText(text).map((mention) => `${mention.text}=${label(mention.match)}`);
}

describe('resolvePlace', () => {
  it.each([
    ['Paris', 'city:Paris/FR'],
    ['London', 'city:London/GB'],
    ['new york', 'city:New York/US'],
    ['NYC', 'city:New York/US'],
    ['LA', 'city:Los Angeles/US'],
    ['SF', 'city:San Francisco/US'],
    ['Bay Area', 'city:San Francisco/US'],
    ['Philly', 'city:Philadelphia/US'],
    ['Chi-town', 'city:Chicago/US'],
    ['Vegas', 'city:Las Vegas/US'],
    ['DC', 'city:Washington, D.C./US'],
    ['São Paulo', 'city:Sao Paulo/BR'],
    ['Lisbn', 'city:Lisbon/PT'],
    ['Lsibon', 'city:Lisbon/PT'],
    ['LIS', 'airport:LIS'],
    ['jfk', 'airport:JFK'],
    ['Heathrow', 'airport:LHR'],
    ['France', 'country:FR'],
    ['UK', 'country:GB'],
  ])('resolves %s', (text, expected) => {
    expect(label(resolvePlace(text))).toBe(expected);
  });

  it('returns undefined for gibberish', () => {
    expect(resolvePlace('xyzzyq')).toBeUndefined();
    expect(resolvePlace('')).toBeUndefined();
  });

  it('gives metro codes for metro cities', () => {
    const london = resolvePlace('London');
    expect(codesOf(london)).toEqual(['LON']);
    expect(airportsOf(london)?.slice(0, 2)).toEqual(['LHR', 'LGW']);
    const lon = resolvePlace('LON');
    expect(label(lon)).toBe('city:London/GB');
  });

  it('gives airports for cities without metro code', () => {
    const lisbon = resolvePlace('Lisbon');
    expect(codesOf(lisbon)).toEqual(['LIS']);
    const berlin = resolvePlace('Berlin');
    expect(codesOf(berlin)).toEqual(['BER']);
  });

  it('filters by kind', () => {
    expect(label(resolvePlace('Paris', { kinds: ['airport'] }))).toBeUndefined();
    expect(label(resolvePlace('LIS', { kinds: ['airport'] }))).toBe('airport:LIS');
  });

  it('attaches the served city to airports', () => {
    const match = resolvePlace('CDG');
    expect(match?.kind).toBe('airport');
    expect(match?.kind === 'airport' ? match.city?.name : undefined).toBe('Paris');
  });
});

describe('resolvePlaceCandidates', () => {
  it('shows both Portlands', () => {
    const codes = resolvePlaceCandidates('Portland', 5).flatMap((match) =>
      match.kind === 'city' ? match.city.airports : [],
    );
    expect(codes).toContain('PDX');
    expect(codes).toContain('PWM');
  });

  it('orders bigger served city first', () => {
    const [first, second] = resolvePlaceCandidates('Portland', 5);
    expect(airportsOf(first)).toContain('PDX');
    expect(second.score).toBeLessThan(first.score);
  });

  it('respects the limit', () => {
    expect(resolvePlaceCandidates('London', 1)).toHaveLength(1);
  });
});

describe('findPlacesInText', () => {
  it('finds origin and destination', () => {
    expect(mentions('flights from Berlin to Lisbon next Friday')).toEqual([
      'Berlin=city:Berlin/DE',
      'Lisbon=city:Lisbon/PT',
    ]);
  });

  it('reads short lower-case names in a route', () => {
    expect(mentions('book a flight from la to madrid')).toEqual([
      'la=city:Los Angeles/US',
      'madrid=city:Madrid/ES',
    ]);
    expect(mentions('lax to sfo on april 1st')).toEqual(['lax=airport:LAX', 'sfo=airport:SFO']);
  });

  it('reads an upper-case code over a town name', () => {
    expect(mentions('MAN')).toEqual(['MAN=airport:MAN']);
    expect(mentions('flights from MAN to LIS')).toEqual(['MAN=airport:MAN', 'LIS=airport:LIS']);
  });

  it('reads no code into shouted ordinary words', () => {
    expect(mentions('FLIGHTS FOR 2 FROM BERLIN TO LISBON')).toEqual([
      'BERLIN=city:Berlin/DE',
      'LISBON=city:Lisbon/PT',
    ]);
  });

  it('skips ordinary words', () => {
    expect(mentions('a nice hotel for my trip in may')).toEqual([]);
    expect(mentions('I was reading a split decision in march')).toEqual([]);
    expect(mentions('can you show me the way')).toEqual([]);
    expect(mentions('send it to us')).toEqual([]);
  });

  it('accepts common words as places in context', () => {
    expect(mentions('fly to nice')).toEqual(['nice=city:Nice/FR']);
    expect(mentions('a week in Split')).toEqual(['Split=city:Split/HR']);
  });

  it('prefers the longest name', () => {
    expect(mentions('hotels in New York City')).toEqual(['New York City=city:New York/US']);
    expect(mentions('Washington, D.C. or Chi-town')).toEqual([
      'Washington, D.C=city:Washington, D.C./US',
      'Chi-town=city:Chicago/US',
    ]);
  });

  it('tolerates one typo after a preposition', () => {
    expect(mentions('hotel in San Fransisco')).toEqual(['San Fransisco=city:San Francisco/US']);
    expect(mentions('flights to lisbn')).toEqual(['lisbn=city:Lisbon/PT']);
  });

  it('does not fix typos in ordinary words', () => {
    expect(mentions('walk in the parks')).toEqual([]);
  });

  it('reports offsets into the text', () => {
    const text = 'going to Rome soon';
    const [mention] = findPlacesInText(text);
    expect(text.slice(mention.start, mention.end)).toBe('Rome');
  });
});

describe('lookups', () => {
  it('gets an airport by code', () => {
    const airport = getAirport('lhr');
    expect(airport?.name).toMatch(/Heathrow/);
    expect(airport?.timeZone).toBe('Europe/London');
    expect(airport?.large).toBe(true);
    expect(getAirport('ZZZ')).toBeUndefined();
  });

  it('gets a country by code, name or alias', () => {
    const portugal = getCountry('PT');
    expect(portugal?.name).toBe('Portugal');
    expect(portugal?.currencies).toEqual(['EUR']);
    expect(portugal?.callingCode).toBe('351');
    expect(portugal?.timeZones).toContain('Europe/Lisbon');
    expect(getCountry('portugal')?.code).toBe('PT');
    expect(getCountry('Holland')?.code).toBe('NL');
    expect(getCountry('Atlantis')).toBeUndefined();
  });

  it('gets a city within a country', () => {
    expect(getCity('Paris')?.countryCode).toBe('FR');
    expect(getCity('Portland', 'US')?.airports).toContain('PDX');
    expect(getCity('London', 'CA')?.countryCode).toBe('CA');
    expect(getCity('Lisbon')?.timeZone).toBe('Europe/Lisbon');
  });

  it('measures great-circle distance', () => {
    const lisbon = getAirport('LIS')!;
    const berlin = getAirport('BER')!;
    const km = distanceKm(lisbon, berlin);
    expect(km).toBeGreaterThan(2250);
    expect(km).toBeLessThan(2350);
    expect(distanceKm(lisbon, lisbon)).toBe(0);
  });
});
