import { describe, expect, it } from 'vitest';
import { readAgentTurn } from './agent-turn.js';
import { halfOf } from './split.js';

describe('readAgentTurn', () => {
  it('reads a hotel question as lodging', () => {
    const context = readAgentTurn('Which city should I search in for a hotel room?');
    expect(context.previous?.intent).toBe('lodging_search');
    expect(context.expected).toContain('location');
  });

  it('reads a return question as a flight', () => {
    const context = readAgentTurn('When will you return?');
    expect(context.previous?.intent).toBe('flight_search');
    expect(context.expected).toEqual(['return_date']);
  });

  it('reads a check-out question', () => {
    const context = readAgentTurn('When would you need to check out?');
    expect(context.previous?.intent).toBe('lodging_search');
    expect(context.expected).toContain('check_out');
  });

  it('gives nothing for small talk', () => {
    expect(readAgentTurn('Is there anything else I can help with?')).toEqual({});
    expect(readAgentTurn(undefined)).toEqual({});
  });
});

describe('halfOf', () => {
  it('is stable for an id', () => {
    expect(halfOf('clinc:train:12536')).toBe(halfOf('clinc:train:12536'));
  });

  it('uses both halves', () => {
    const halves = new Set(Array.from({ length: 20 }, (_, index) => halfOf(`line:${index}`)));
    expect(halves.size).toBe(2);
  });
});
