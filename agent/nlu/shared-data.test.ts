import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { predictLine, type EvalInput } from './evaluation.js';
import { scorePredictions, type GoldLine } from './scoring.js';
import { halfOf, HALVES } from './split.js';

// The labelled files live beside the repository, not in it; the test skips when they are absent.
const SHARED_DIR = fileURLToPath(new URL('../../../shared/nlu/', import.meta.url));
const INTENT_FILE = `${SHARED_DIR}intent.jsonl`;
const SLOTS_FILE = `${SHARED_DIR}slots.jsonl`;
const present = existsSync(INTENT_FILE) && existsSync(SLOTS_FILE);

function readLines(path: string): Array<GoldLine & EvalInput> {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => JSON.parse(line));
}

describe.skipIf(!present)('shared labelled data', () => {
  const gold = present ? [...readLines(INTENT_FILE), ...readLines(SLOTS_FILE)] : [];
  const predictions = gold.map((line) => predictLine(line));

  it('splits the lines into two halves', () => {
    const sizes = HALVES.map((half) => gold.filter((line) => halfOf(line.id) === half).length);
    expect(sizes[0] + sizes[1]).toBe(gold.length);
    expect(Math.abs(sizes[0] - sizes[1])).toBeLessThan(gold.length / 10);
  });

  // The floors are the project's targets: 95% intent accuracy and 90% slot F1 on each half.
  describe.each(HALVES)('%s half', (half) => {
    const inHalf = (line: { id: string }) => halfOf(line.id) === half;
    const report = scorePredictions(gold.filter(inHalf), predictions.filter(inHalf));

    it('reaches the intent accuracy target', () => {
      expect(report.intentAccuracy).toBeGreaterThanOrEqual(0.95);
    });

    it('keeps per-intent F1', () => {
      expect(report.perIntent.flight_search.f1).toBeGreaterThanOrEqual(0.95);
      expect(report.perIntent.lodging_search.f1).toBeGreaterThanOrEqual(0.95);
      expect(report.perIntent.destination_info.f1).toBeGreaterThanOrEqual(0.93);
      expect(report.perIntent.trip_planning.f1).toBeGreaterThanOrEqual(0.9);
      expect(report.perIntent.other.f1).toBeGreaterThanOrEqual(0.9);
    });

    it('reaches the slot F1 target', () => {
      expect(report.slots.f1).toBeGreaterThanOrEqual(0.9);
    });
  });

  // Without the agent's turn before each message, as a client calling the classifier alone.
  describe.each(HALVES)('%s half, text only', (half) => {
    const inHalf = (line: { id: string }) => halfOf(line.id) === half;
    const lines = gold.filter(inHalf);
    const textOnly = lines.map((line) => predictLine({ ...line, context: null }));
    const report = scorePredictions(lines, textOnly);

    it('reaches the intent accuracy target', () => {
      expect(report.intentAccuracy).toBeGreaterThanOrEqual(0.95);
    });

    it('reaches the slot F1 target', () => {
      expect(report.slots.f1).toBeGreaterThanOrEqual(0.9);
    });
  });
});
