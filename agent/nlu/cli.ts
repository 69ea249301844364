import { readFileSync } from 'node:fs';
import { predictLine, type EvalInput } from './evaluation.js';
import { halfOf, HALVES, type Half } from './split.js';
import {
  scorePredictions,
  type GoldLine,
  type PredictedLine,
  type ScoreReport,
} from './scoring.js';

const USAGE = `Usage:
  npm run nlu -- eval FILE.jsonl [--half development|held-out]
      classify each line {"id","text","ref_date"?,"context"?}; writes JSON Lines to stdout
  npm run nlu -- score GOLD.jsonl PRED.jsonl [--half development|held-out]
      print intent accuracy, per-intent F1 and slot F1
  --half keeps only the lines of one half, chosen by a SHA-256 hash of each line's id`;

function readJsonLines<T>(path: string): T[] {
  let content: string;
  try {
    content = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read ${path}: ${(error as Error).message}`);
  }
  return content
    .split('\n')
    .map((line, index) => ({ line: line.trim(), number: index + 1 }))
    .filter(({ line }) => line.length > 0)
    .map(({ line, number }) => {
      try {
        return JSON.parse(line) as T;
      } catch {
        throw new Error(`${path}:${number}: invalid JSON; each line must be one JSON object`);
      }
    });
}

function formatReport(report: ScoreReport): string {
  const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
  const lines = [
    `lines: ${report.lines} (missing predictions: ${report.missingPredictions})`,
    `intent accuracy: ${percent(report.intentAccuracy)}`,
    'per-intent F1:',
    ...Object.entries(report.perIntent)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(
        ([intent, score]) =>
          `  ${intent.padEnd(18)} F1 ${percent(score.f1)}  P ${percent(score.precision)}  R ${percent(score.recall)}`,
      ),
    `slot F1 over ${report.slotLines} slot lines: ${percent(report.slots.f1)} (P ${percent(report.slots.precision)}, R ${percent(report.slots.recall)})`,
    ...Object.entries(report.perSlot)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(
        ([slot, score]) =>
          `  ${slot.padEnd(18)} F1 ${percent(score.f1)}  P ${percent(score.precision)}  R ${percent(score.recall)}`,
      ),
  ];
  return lines.join('\n');
}

/** Removes `--half NAME` from the arguments and returns a filter for lines of that half. */
function takeHalf(args: string[]): { rest: string[]; keep: (line: { id: string }) => boolean } {
  const index = args.indexOf('--half');
  if (index < 0) return { rest: args, keep: () => true };
  const half = args[index + 1] as Half | undefined;
  if (!half || !HALVES.includes(half)) {
    throw new Error(`invalid --half "${half ?? ''}": use ${HALVES.join(' or ')}`);
  }
  const rest = [...args.slice(0, index), ...args.slice(index + 2)];
  return { rest, keep: (line) => halfOf(String(line.id)) === half };
}

function main(args: string[]): number {
  const [command, ...options] = args;
  const { rest, keep } = takeHalf(options);
  if (command === 'eval' && rest.length === 1) {
    for (const input of readJsonLines<EvalInput>(rest[0]).filter(keep)) {
      process.stdout.write(`${JSON.stringify(predictLine(input))}\n`);
    }
    return 0;
  }
  if (command === 'score' && rest.length === 2) {
    const report = scorePredictions(
      readJsonLines<GoldLine>(rest[0]).filter(keep),
      readJsonLines<PredictedLine>(rest[1]).filter(keep),
    );
    process.stdout.write(`${formatReport(report)}\n`);
    return 0;
  }
  process.stderr.write(`${USAGE}\n`);
  return 2;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`nlu: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
