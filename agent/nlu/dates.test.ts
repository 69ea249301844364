import { describe, expect, it } from 'vitest';
import { toIso } from './calendar.js';
import { extractDates } from './dates.js';

const FRIDAY = { year: 2019, month: 3, day: 1 };

function read(text: string, timeZone = 'UTC'): string[] {
  return extractDates(text, FRIDAY, timeZone).mentions.map((mention) =>
    mention.endDate ? `${toIso(mention.date)}..${toIso(mention.endDate)}` : toIso(mention.date),
  );
}

describe('extractDates', () => {
  it.each([
    ['next Monday', ['2019-03-04']],
    ['next Friday', ['2019-03-08']],
    ['this Saturday', ['2019-03-02']],
    ['on Friday', ['2019-03-01']],
    ['Tuesday next week', ['2019-03-05']],
    ['Saturday this week', ['2019-03-02']],
    ['the 8th', ['2019-03-08']],
    ['14th of this month', ['2019-03-14']],
    ['March 7th', ['2019-03-07']],
    ['12 to 15 March', ['2019-03-12..2019-03-15']],
    ['12-15 March', ['2019-03-12..2019-03-15']],
    ['april 1st to the 7th', ['2019-04-01', '2019-04-07']],
    ['3/15 until 3/20', ['2019-03-15', '2019-03-20']],
    ['in two weeks', ['2019-03-15']],
    ['tonight', ['2019-03-01']],
    ['tomorrow morning', ['2019-03-02']],
    ['the day after tomorrow', ['2019-03-03']],
    ['Monday the 4th', ['2019-03-04']],
    ['March 8th, 2022', ['2022-03-08']],
  ])('reads %s', (text, expected) => {
    expect(read(text)).toEqual(expected);
  });

  it.each([['for 2 people at 5 pm'], ['a 3.8 rating'], ['in May'], ['what about the week after']])(
    'finds no day in %s',
    (text) => {
      expect(read(text)).toEqual([]);
    },
  );

  it('reads stay lengths', () => {
    expect(extractDates('for a week', FRIDAY, 'UTC').stayLength).toBe(7);
    expect(extractDates('for 3 nights', FRIDAY, 'UTC').stayLength).toBe(3);
    // Five calendar days end four days after the first one.
    expect(extractDates('a 5-day trip', FRIDAY, 'UTC').stayLength).toBe(4);
    expect(extractDates('a 5-day vacation', FRIDAY, 'UTC').stayLength).toBe(4);
    expect(extractDates('for 5 days', FRIDAY, 'UTC').stayLength).toBe(5);
    expect(extractDates('a 5-night stay', FRIDAY, 'UTC').stayLength).toBe(5);
    expect(extractDates('in two weeks', FRIDAY, 'UTC').stayLength).toBeUndefined();
  });

  it('moves past dates to next year', () => {
    const reading = extractDates('on 12 February', FRIDAY, 'UTC');
    expect(reading.mentions.map((mention) => toIso(mention.date))).toEqual(['2020-02-12']);
    expect(reading.notes).toEqual(['12 February has passed: used 2020-02-12']);
  });

  it('reads numeric dates by zone', () => {
    expect(read('03/04')).toEqual(['2019-04-03']);
    expect(read('03/04', 'America/Chicago')).toEqual(['2019-03-04']);
    expect(read('25/12')).toEqual(['2019-12-25']);
  });
});
