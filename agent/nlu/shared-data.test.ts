import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { predictLine, type EvalInput } from './evaluation.js';
import { scorePredictions, type GoldLine } from './scoring.js';

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
  const report = scorePredictions(
    gold,
    gold.map((line) => predictLine(line)),
  );

  // Floors are the scores reached when these were set, minus about two points of margin.
  it('keeps intent accuracy', () => {
    expect(report.intentAccuracy).toBeGreaterThanOrEqual(0.91);
  });

  it('keeps per-intent F1', () => {
    expect(report.perIntent.flight_search.f1).toBeGreaterThanOrEqual(0.92);
    expect(report.perIntent.lodging_search.f1).toBeGreaterThanOrEqual(0.92);
    expect(report.perIntent.destination_info.f1).toBeGreaterThanOrEqual(0.9);
    expect(report.perIntent.trip_planning.f1).toBeGreaterThanOrEqual(0.9);
    expect(report.perIntent.other.f1).toBeGreaterThanOrEqual(0.83);
  });

  it('keeps slot F1', () => {
    expect(report.slots.f1).toBeGreaterThanOrEqual(0.83);
  });
});
