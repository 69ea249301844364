import { describe, expect, it } from 'vitest';
import { scorePredictions } from './scoring.js';

describe('scorePredictions', () => {
  const gold = [
    {
      id: 'a',
      intent: 'flight_search',
      slots: { origin: ['Philly', 'Philadelphia', 'PHL'], adults: 2 },
    },
    { id: 'b', intent: 'other' },
    { id: 'c', intent: 'lodging_search', slots: { location: 'Washington D.C.' } },
  ];

  it('scores intents', () => {
    const report = scorePredictions(gold, [
      { id: 'a', intent: 'flight_search' },
      { id: 'b', intent: 'lodging_search' },
      { id: 'c', intent: 'lodging_search' },
    ]);
    expect(report.intentAccuracy).toBeCloseTo(2 / 3);
    expect(report.perIntent.flight_search.f1).toBe(1);
    expect(report.perIntent.lodging_search.precision).toBe(0.5);
    expect(report.perIntent.other.recall).toBe(0);
  });

  it('accepts any listed form', () => {
    const report = scorePredictions(gold, [
      { id: 'a', intent: 'flight_search', slots: { origin: 'Philadelphia', adults: 2 } },
      { id: 'c', intent: 'lodging_search', slots: { location: 'Washington, D.C.' } },
    ]);
    expect(report.slots.truePositives).toBe(3);
    expect(report.slots.falsePositives).toBe(0);
    expect(report.missingPredictions).toBe(1);
  });

  it('counts wrong and extra slots', () => {
    const report = scorePredictions(gold, [
      { id: 'a', intent: 'flight_search', slots: { origin: 'Boston', cabin: 'economy' } },
    ]);
    expect(report.slots.truePositives).toBe(0);
    expect(report.slots.falsePositives).toBe(2);
    expect(report.slots.falseNegatives).toBe(3);
  });

  it('skips a check-out derived from a stay length', () => {
    const stay = [
      {
        id: 's',
        intent: 'lodging_search',
        slots: { check_in: ['March 8th', '2019-03-08'] },
        unmapped_slots: { number_of_days: '2' },
      },
    ];
    const report = scorePredictions(stay, [
      {
        id: 's',
        intent: 'lodging_search',
        slots: { check_in: '2019-03-08', check_out: '2019-03-10' },
      },
    ]);
    expect(report.slots.truePositives).toBe(1);
    expect(report.slots.falsePositives).toBe(0);
  });

  it('counts an extra check-out without a stay length', () => {
    const stay = [{ id: 's', intent: 'lodging_search', slots: { check_in: '2019-03-08' } }];
    const report = scorePredictions(stay, [
      {
        id: 's',
        intent: 'lodging_search',
        slots: { check_in: '2019-03-08', check_out: '2019-03-10' },
      },
    ]);
    expect(report.slots.falsePositives).toBe(1);
  });
});
