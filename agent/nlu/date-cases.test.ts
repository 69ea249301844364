import { describe, expect, it } from 'vitest';
import { classify } from './classify.js';
import type { ClassifyContext } from './types.js';

// Friday 6 March 2026, 11:00 in Berlin.
const BERLIN: ClassifyContext = {
  now: new Date('2026-03-06T10:00:00Z'),
  timeZone: 'Europe/Berlin',
};

describe('dates in the user time zone', () => {
  // 23:30 UTC on Friday 6 March is already Saturday 7 March in Tokyo, still Friday in New York.
  const lateUtc = new Date('2026-03-06T23:30:00Z');

  it('reads tonight by local date', () => {
    const tokyo = classify('a hotel in Osaka tonight', { now: lateUtc, timeZone: 'Asia/Tokyo' });
    const newYork = classify('a hotel in Osaka tonight', {
      now: lateUtc,
      timeZone: 'America/New_York',
    });
    expect(tokyo.slots.check_in).toBe('2026-03-07');
    expect(newYork.slots.check_in).toBe('2026-03-06');
  });

  it('reads tomorrow morning by local date', () => {
    const text = 'a flight from Osaka to Tokyo tomorrow morning';
    const tokyo = classify(text, { now: lateUtc, timeZone: 'Asia/Tokyo' });
    const newYork = classify(text, { now: lateUtc, timeZone: 'America/New_York' });
    expect(tokyo.slots.depart_date).toBe('2026-03-08');
    expect(newYork.slots.depart_date).toBe('2026-03-07');
  });

  it('reads next Friday from the local date', () => {
    const tokyo = classify('flights to Seoul next Friday', {
      now: lateUtc,
      timeZone: 'Asia/Tokyo',
    });
    const berlin = classify('flights to Seoul next Friday', BERLIN);
    // Saturday 7 March in Tokyo: the Friday of the following week is the 13th either way.
    expect(tokyo.slots.depart_date).toBe('2026-03-13');
    expect(berlin.slots.depart_date).toBe('2026-03-13');
  });

  it('reads a bare Sunday as the coming one', () => {
    const result = classify('fly to Paris on Sunday', BERLIN);
    expect(result.slots.depart_date).toBe('2026-03-08');
  });

  it('reads Sunday on a Sunday as today', () => {
    const sunday = { now: new Date('2026-03-08T09:00:00Z'), timeZone: 'Europe/Berlin' };
    expect(classify('fly to Paris on Sunday', sunday).slots.depart_date).toBe('2026-03-08');
  });
});

describe('relative and ranged dates', () => {
  it('reads a day range in one phrase', () => {
    const result = classify('a hotel in Vienna 12-15 March', BERLIN);
    expect(result.slots.check_in).toBe('2026-03-12');
    expect(result.slots.check_out).toBe('2026-03-15');
  });

  it('reads in two weeks', () => {
    const result = classify('flights from Berlin to Rome in two weeks', BERLIN);
    expect(result.slots.depart_date).toBe('2026-03-20');
  });

  it('derives the return from for a week', () => {
    const result = classify('flights from Berlin to Rome on 2 April for a week', BERLIN);
    expect(result.slots.depart_date).toBe('2026-04-02');
    expect(result.slots.return_date).toBe('2026-04-09');
  });

  it('derives check-out from nights', () => {
    const result = classify('hotel in Nice from 15 March for 4 nights', BERLIN);
    expect(result.slots.check_out).toBe('2026-03-19');
  });
});

describe('ambiguous and impossible dates', () => {
  it('reads 03/04 day first in Europe and says so', () => {
    const result = classify('a hotel in Rome on 03/04', BERLIN);
    expect(result.slots.check_in).toBe('2026-04-03');
    expect(result.notes).toContain('read 03/04 as 3 April (day first)');
  });

  it('reads 03/04 month first in the US and says so', () => {
    const result = classify('a hotel in Rome on 03/04', { ...BERLIN, timeZone: 'America/Chicago' });
    // 4 March has passed on 6 March, so the year moves on as well.
    expect(result.slots.check_in).toBe('2027-03-04');
    expect(result.notes).toContain('read 03/04 as 4 March (month first)');
  });

  it('moves a passed date to next year with a note', () => {
    const result = classify('flights from Oslo to Rome on 12 January', BERLIN);
    expect(result.slots.depart_date).toBe('2027-01-12');
    expect(result.notes).toContain('12 January has passed: used 2027-01-12');
  });

  it('asks again for a date that passed this month', () => {
    const result = classify('flights from Oslo to Rome on 2 March', BERLIN);
    expect(result.slots.depart_date).toBeUndefined();
    expect(result.missing).toContain('depart_date');
    expect(result.notes).toContain('depart_date: 2 March has passed this year; ask again');
  });

  it('asks again for both ends of a passed range', () => {
    const result = classify('a hotel in Rome from 1 to 4 March', BERLIN);
    expect(result.slots.check_in).toBeUndefined();
    expect(result.slots.check_out).toBeUndefined();
    expect(result.missing).toEqual(expect.arrayContaining(['check_in', 'check_out']));
  });

  it('keeps a future return after a passed departure', () => {
    const result = classify('flights from Oslo to Rome on 2 March, returning 9 March', BERLIN);
    expect(result.slots.depart_date).toBeUndefined();
    expect(result.slots.return_date).toBe('2026-03-09');
    expect(result.missing).toContain('depart_date');
  });

  it('drops a return before departure', () => {
    const result = classify('flights from London to Paris on 20 March returning 15 March', BERLIN);
    expect(result.slots.depart_date).toBe('2026-03-20');
    expect(result.slots.return_date).toBeUndefined();
    expect(result.missing).toContain('return_date');
    expect(result.notes.some((note) => note.startsWith('return_date 2026-03-15'))).toBe(true);
  });

  it('drops a check-out before check-in', () => {
    const result = classify('a hotel in Lisbon from 20 March until 18 March', BERLIN);
    expect(result.slots.check_out).toBeUndefined();
    expect(result.missing).toContain('check_out');
    expect(result.notes.some((note) => note.startsWith('check_out'))).toBe(true);
  });

  it('rejects 31 February as a departure', () => {
    const result = classify('flights from Berlin to Rome on 31 February', BERLIN);
    expect(result.slots.depart_date).toBeUndefined();
    expect(result.missing).toContain('depart_date');
    const note = result.notes.find((text) => text.startsWith('depart_date'));
    expect(note).toContain('31 February');
    expect(note).toContain('February has only 28 days');
  });

  it('names the check-in for an impossible start', () => {
    const result = classify('a hotel in Paris from 31 April to 3 May', BERLIN);
    expect(result.slots.check_in).toBeUndefined();
    expect(result.slots.check_out).toBe('2026-05-03');
    expect(result.missing).toContain('check_in');
  });

  it('rejects April 31st as a return', () => {
    const result = classify('flights from Rome to Paris on 20 April, back on April 31st', BERLIN);
    expect(result.slots.depart_date).toBe('2026-04-20');
    expect(result.slots.return_date).toBeUndefined();
    expect(result.missing).toContain('return_date');
  });
});
