import { describe, expect, it } from 'vitest';
import { classify, CONFIDENCE_THRESHOLD } from './classify.js';
import type { Classification, ClassifyContext } from './types.js';

// Friday 6 March 2026, 11:00 in Berlin.
const NOW: ClassifyContext = { now: new Date('2026-03-06T10:00:00Z'), timeZone: 'Europe/Berlin' };

function after(previous: Classification): ClassifyContext {
  return { ...NOW, previous: { intent: previous.intent, slots: previous.slots } };
}

describe('conversation refinement', () => {
  const flight = classify('flights from Munich to Rome on 18 March, back on the 22nd', NOW);

  it('starts from a complete flight', () => {
    expect(flight.intent).toBe('flight_search');
    expect(flight.missing).toEqual([]);
  });

  it('changes the cabin and keeps the route', () => {
    const result = classify('make it business class', after(flight));
    expect(result.intent).toBe('flight_search');
    expect(result.slots.cabin).toBe('business');
    expect(result.slots.origin).toBe('Munich');
    expect(result.slots.destination).toBe('Rome');
    expect(result.slots.return_date).toBe('2026-03-22');
  });

  it('moves both dates a week later', () => {
    const result = classify('what about the week after?', after(flight));
    expect(result.intent).toBe('flight_search');
    expect(result.slots.depart_date).toBe('2026-03-25');
    expect(result.slots.return_date).toBe('2026-03-29');
  });

  it('turns the trip into a hotel search', () => {
    const result = classify('and a hotel there', after(flight));
    expect(result.intent).toBe('lodging_search');
    expect(result.slots.location).toBe('Rome');
    expect(result.slots.check_in).toBe('2026-03-18');
    expect(result.slots.check_out).toBe('2026-03-22');
    expect(result.missing).toEqual([]);
    expect(result.notes).toContain('used the dates of your flight search for the stay');
  });

  it('adds travellers to the same search', () => {
    const result = classify('for me and my two kids', after(flight));
    expect(result.intent).toBe('flight_search');
    expect(result.slots.adults).toBe(1);
    expect(result.slots.children).toBe(2);
    expect(result.slots.destination).toBe('Rome');
  });

  describe('children ages', () => {
    const family = classify(
      'flights from Munich to Rome on 18 March for me, my wife, our 15-year-old and our 5-year-old',
      NOW,
    );

    it('reads the ages first', () => {
      expect(family.slots.children_ages).toEqual([15, 5]);
    });

    it('keeps the ages for a new cabin', () => {
      const result = classify('make it business class', after(family));
      expect(result.slots.cabin).toBe('business');
      expect(result.slots.children_ages).toEqual([15, 5]);
    });

    it('keeps the ages for a hotel there', () => {
      const result = classify('and a hotel there', after(family));
      expect(result.intent).toBe('lodging_search');
      expect(result.slots.children_ages).toEqual([15, 5]);
    });

    it('keeps them when the count matches', () => {
      const result = classify('for me and my two kids', after(family));
      expect(result.slots.children).toBe(2);
      expect(result.slots.children_ages).toEqual([15, 5]);
    });

    it('drops them for another count', () => {
      const result = classify('for 2 adults and 3 children', after(family));
      expect(result.slots.children).toBe(3);
      expect(result.slots.children_ages).toBeUndefined();
    });

    it('takes newly stated ages', () => {
      const result = classify('the kids are aged 16 and 6', after(family));
      expect(result.slots.children_ages).toEqual([16, 6]);
    });
  });

  it('asks about the destination afterwards', () => {
    const result = classify("what's the weather like there?", after(flight));
    expect(result.intent).toBe('destination_info');
    expect(result.slots.place).toBe('Rome');
  });

  it('leaves unrelated turns alone', () => {
    const result = classify('play some jazz', after(flight));
    expect(result.intent).toBe('other');
    expect(result.slots).toEqual({});
  });

  it('stores a memory mid-search', () => {
    const result = classify("I'm vegetarian", after(flight));
    expect(result.intent).toBe('memory');
    expect(result.slots.memory_action).toBe('store');
  });
});

describe('clarifying questions', () => {
  const flight = classify('I need a flight from Berlin next Friday', NOW);
  const stay = classify('a hotel in Porto from the 10th', NOW);

  it('lists the missing destination', () => {
    expect(flight.intent).toBe('flight_search');
    expect(flight.missing).toEqual(['destination']);
  });

  it.each(['Lisbon', 'to Lisbon', 'lisbon please'])('resumes the flight with "%s"', (answer) => {
    const result = classify(answer, after(flight));
    expect(result.intent).toBe('flight_search');
    expect(result.slots.destination).toBe('Lisbon');
    expect(result.slots.origin).toBe('Berlin');
    expect(result.slots.depart_date).toBe('2026-03-13');
    expect(result.missing).toEqual([]);
  });

  it('fills the origin when that was asked', () => {
    const toLisbon = classify('a flight to Lisbon next Friday', NOW);
    expect(toLisbon.missing).toEqual(['origin']);
    const result = classify('Hamburg', after(toLisbon));
    expect(result.slots.origin).toBe('Hamburg');
    expect(result.slots.destination).toBe('Lisbon');
  });

  it('lists the missing check-out', () => {
    expect(stay.intent).toBe('lodging_search');
    expect(stay.missing).toEqual(['check_out']);
  });

  it('resumes the stay with "the 15th"', () => {
    const result = classify('the 15th', after(stay));
    expect(result.intent).toBe('lodging_search');
    expect(result.slots.check_in).toBe('2026-03-10');
    expect(result.slots.check_out).toBe('2026-03-15');
    expect(result.missing).toEqual([]);
  });

  it('resumes the stay with "until Sunday"', () => {
    const result = classify('until Sunday', after(stay));
    expect(result.intent).toBe('lodging_search');
    // The Sunday after check-in on Tuesday the 10th, not the one two days from today.
    expect(result.slots.check_out).toBe('2026-03-15');
    expect(result.missing).toEqual([]);
  });

  it('takes the slot named by the agent', () => {
    const result = classify('two', { ...after(flight), expected: ['adults'] });
    expect(result.intent).toBe('flight_search');
    expect(result.slots.destination).toBeUndefined();
    expect(result.missing).toEqual(['destination']);
  });

  it('asks again after an answer without the slot', () => {
    const result = classify('not sure yet', after(flight));
    expect(result.intent).toBe('other');
  });
});

describe('confidence threshold', () => {
  it('is a probability', () => {
    expect(CONFIDENCE_THRESHOLD).toBeGreaterThan(0);
    expect(CONFIDENCE_THRESHOLD).toBeLessThan(1);
  });

  it('turns an unsure reading into other with a note', () => {
    const result = classify('booking', NOW);
    expect(result.intent).toBe('other');
    expect(result.notes.some((note) => note.startsWith('unsure of the request'))).toBe(true);
  });

  it('keeps clear requests above it', () => {
    const result = classify('flights from Berlin to Lisbon', NOW);
    expect(result.confidence).toBeGreaterThanOrEqual(CONFIDENCE_THRESHOLD);
  });
});

describe('input limits', () => {
  it('reads only the start of a long message', () => {
    const result = classify(`flights from Berlin to Lisbon ${'and more '.repeat(400)}`, NOW);
    expect(result.intent).toBe('flight_search');
    expect(result.notes.some((note) => note.startsWith('read only the first'))).toBe(true);
  });

  it('rejects text that is not a string', () => {
    expect(() => classify(42 as unknown as string, NOW)).toThrow(TypeError);
  });

  it('reads an empty message as other', () => {
    const result = classify('', NOW);
    expect(result.intent).toBe('other');
    expect(result.slots).toEqual({});
  });
});
