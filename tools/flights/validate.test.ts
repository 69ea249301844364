import { describe, expect, it } from 'vitest';

import { ToolError } from '../types.js';
import type { FlightSearchInput } from './types.js';
import { validateFlightSearch } from './validate.js';

const now = new Date('2027-01-10T12:00:00Z');
const valid: FlightSearchInput = {
  origin: 'Lisbon',
  destination: 'New York',
  departDate: '2027-03-14',
  returnDate: '2027-03-21',
  adults: 2,
};

function rejection(input: unknown, at: Date = now): ToolError {
  try {
    validateFlightSearch(input, at);
  } catch (error) {
    if (error instanceof ToolError) return error;
    throw error;
  }
  throw new Error('expected validateFlightSearch to throw');
}

describe('validateFlightSearch', () => {
  it('resolves cities to their codes', () => {
    const search = validateFlightSearch(valid, now);
    expect(search.origin.codes).toEqual(['LIS']);
    expect(search.destination.searchCode).toBe('NYC');
    expect(search.destination.airports.map((airport) => airport.iata)).toContain('JFK');
    expect(search.cabin).toBe('economy');
  });

  it('rejects a departure in the past', () => {
    const error = rejection({ ...valid, departDate: '2027-01-09', returnDate: undefined });
    expect(error.code).toBe('invalid_input');
    expect(error.details?.field).toBe('departDate');
    expect(error.message).toContain('in the past');
  });

  it('uses the calendar day at the origin', () => {
    // 23:30 UTC on 10 January is already 11 January in Tokyo but still 10 January in Lisbon.
    const lateEvening = new Date('2027-01-10T23:30:00Z');
    const fromTokyo = { ...valid, origin: 'HND', departDate: '2027-01-10', returnDate: undefined };
    expect(rejection(fromTokyo, lateEvening).details?.field).toBe('departDate');
    const fromLisbon = { ...valid, departDate: '2027-01-10', returnDate: undefined };
    expect(validateFlightSearch(fromLisbon, lateEvening).input.departDate).toBe('2027-01-10');
  });

  it('rejects a return before departure', () => {
    const error = rejection({ ...valid, returnDate: '2027-03-13' });
    expect(error.code).toBe('invalid_input');
    expect(error.details?.field).toBe('returnDate');
  });

  it('rejects a date beyond airline schedules', () => {
    const error = rejection({ ...valid, departDate: '2028-06-01', returnDate: undefined });
    expect(error.details?.field).toBe('departDate');
  });

  it('rejects an impossible calendar date', () => {
    expect(rejection({ ...valid, departDate: '2027-02-30' }).details?.field).toBe('departDate');
  });

  it('rejects more than nine passengers', () => {
    const error = rejection({ ...valid, adults: 5, childrenAges: [4, 6, 8], infants: 2 });
    expect(error.code).toBe('invalid_input');
    expect(error.details?.field).toBe('adults');
    expect(error.message).toContain('10 travellers');
  });

  it('rejects more lap infants than adults', () => {
    const error = rejection({ ...valid, adults: 1, infants: 2 });
    expect(error.code).toBe('invalid_input');
    expect(error.details?.field).toBe('infants');
  });

  it('rejects children under two as children', () => {
    expect(rejection({ ...valid, childrenAges: [1] }).details?.field).toBe('childrenAges.0');
  });

  it('rejects zero adults', () => {
    expect(rejection({ ...valid, adults: 0 }).details?.field).toBe('adults');
  });

  it('rejects an unknown currency', () => {
    const error = rejection({ ...valid, currency: 'XQQ' });
    expect(error.details?.field).toBe('currency');
  });

  it('rejects an unknown place', () => {
    const error = rejection({ ...valid, destination: 'Qwxzzvy' });
    expect(error.code).toBe('invalid_input');
    expect(error.details?.field).toBe('destination');
  });

  it('asks which Portland', () => {
    const error = rejection({ ...valid, origin: 'Portland' });
    expect(error.code).toBe('ambiguous');
    expect(error.message).toContain('PDX');
    expect(error.message).toContain('PWM');
    expect(error.message).toMatch(/which one\?$/);
  });

  it('picks the namesake in the same country', () => {
    const toManchester = { ...valid, origin: 'London', destination: 'Manchester' };
    expect(validateFlightSearch(toManchester, now).destination.searchCode).toBe('MAN');
    const fromManchester = { ...valid, origin: 'Manchester', destination: 'Leeds' };
    expect(validateFlightSearch(fromManchester, now).origin.searchCode).toBe('MAN');
  });

  it('asks when the lesser namesake is domestic', () => {
    const error = rejection({ ...valid, origin: 'Manchester', destination: 'New York' });
    expect(error.code).toBe('ambiguous');
    expect(error.details?.field).toBe('origin');
  });

  it('asks which Manchester from abroad', () => {
    const error = rejection({ ...valid, origin: 'Lisbon', destination: 'Manchester' });
    expect(error.code).toBe('ambiguous');
    expect(error.details?.field).toBe('destination');
  });

  it('takes Boston as the city', () => {
    expect(validateFlightSearch({ ...valid, origin: 'Boston' }, now).origin.searchCode).toBe('BOS');
  });

  it('takes London as London, England', () => {
    expect(validateFlightSearch({ ...valid, origin: 'London' }, now).origin.searchCode).toBe('LON');
  });

  it('asks for a city when given a country', () => {
    const error = rejection({ ...valid, destination: 'Spain' });
    expect(error.code).toBe('ambiguous');
    expect(error.details?.field).toBe('destination');
  });

  it('rejects the same origin and destination', () => {
    const error = rejection({ ...valid, origin: 'LIS', destination: 'Lisbon' });
    expect(error.details?.field).toBe('destination');
  });
});

describe('validateFlightSearch multi-city', () => {
  const multiCity: FlightSearchInput = {
    origin: 'Lisbon',
    destination: 'London',
    departDate: '2027-03-14',
    onwardSlices: [
      { origin: 'London', destination: 'New York', departDate: '2027-03-18' },
      { origin: 'NYC', destination: 'Lisbon', departDate: '2027-03-25' },
    ],
    adults: 1,
  };

  it('lists every leg in order', () => {
    const search = validateFlightSearch(multiCity, now);
    expect(search.slices.map((slice) => slice.origin.searchCode)).toEqual(['LIS', 'LON', 'NYC']);
    expect(search.slices.map((slice) => slice.destination.searchCode)).toEqual([
      'LON',
      'NYC',
      'LIS',
    ]);
    expect(search.slices.map((slice) => slice.departDate)).toEqual([
      '2027-03-14',
      '2027-03-18',
      '2027-03-25',
    ]);
  });

  it('lists a return as the second slice', () => {
    const search = validateFlightSearch(valid, now);
    expect(search.slices).toHaveLength(2);
    expect(search.slices[1].origin.searchCode).toBe('NYC');
    expect(search.slices[1].departDate).toBe('2027-03-21');
  });

  it('rejects legs out of order', () => {
    const onwardSlices = [{ origin: 'London', destination: 'New York', departDate: '2027-03-12' }];
    const error = rejection({ ...multiCity, onwardSlices });
    expect(error.details?.field).toBe('onwardSlices.0.departDate');
    expect(error.message).toMatch(/before leg 1/);
  });

  it('rejects a return with onward legs', () => {
    const error = rejection({ ...multiCity, returnDate: '2027-03-30' });
    expect(error.details?.field).toBe('returnDate');
  });

  it('rejects a leg to the same place', () => {
    const onwardSlices = [{ origin: 'London', destination: 'LHR', departDate: '2027-03-18' }];
    const error = rejection({ ...multiCity, onwardSlices });
    expect(error.details?.field).toBe('onwardSlices.0.destination');
  });

  it('asks which Portland on a later leg', () => {
    const onwardSlices = [{ origin: 'London', destination: 'Portland', departDate: '2027-03-18' }];
    const error = rejection({ ...multiCity, onwardSlices });
    expect(error.code).toBe('ambiguous');
  });
});
