import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classify } from './classify.js';
import type { ClassifyContext, Intent, Slots } from './types.js';

/** A hand-written case: the intent, and the slots that must be present with these values. */
interface LabelledCase {
  text: string;
  intent: Intent;
  slots?: Partial<Slots>;
}

// Friday 6 March 2026, 11:00 in Berlin; every relative date in the cases resolves against it.
const CONTEXT: ClassifyContext = {
  now: new Date('2026-03-06T10:00:00Z'),
  timeZone: 'Europe/Berlin',
};

const CASES: LabelledCase[] = readFileSync(
  new URL('./testdata/cases.jsonl', import.meta.url),
  'utf8',
)
  .split('\n')
  .filter((line) => line.trim().length > 0)
  .map((line) => JSON.parse(line) as LabelledCase);

describe('labelled cases', () => {
  it('has at least 200 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(200);
  });

  it.each(CASES.map((item) => [item.text, item] as const))('%s', (_text, item) => {
    const result = classify(item.text, CONTEXT);
    expect(result.intent).toBe(item.intent);
    if (item.slots) expect(result.slots).toMatchObject(item.slots);
    if (item.intent === 'other') expect(result.slots).toEqual({});
  });
});
