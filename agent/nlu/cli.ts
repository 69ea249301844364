import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { predictLine, type EvalInput } from './evaluation.js';
import { DEFAULT_TRAINING, MODEL_FILE } from './intent-model.js';
import {
  buildModelFile,
  crossValidate,
  developmentLines,
  isCurrentBlend,
  serializeModelFile,
  type LabelledLine,
} from './intent-training.js';
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
  npm run nlu -- train GOLD.jsonl... [--out FILE.json] [--l2 NUMBER]
      train the intent model on the development half of the labelled files and the cases in
      agent/nlu/testdata/cases.jsonl; writes agent/nlu/intent-model.json unless --out is given
  npm run nlu -- cv GOLD.jsonl... [--folds N] [--l2 NUMBER]
      5-fold (or N-fold) cross-validation inside the development half: text-only intent
      accuracy of the rules, the model and each blend of the two
  --half keeps only the lines of one half, chosen by a SHA-256 hash of each line's id
  --l2 sets the L2 penalty of the model's training (default ${DEFAULT_TRAINING.l2})`;

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

/** Removes `--NAME VALUE` from the arguments and returns the value, if given. */
function takeOption(args: string[], name: string): string | undefined {
  const index = args.indexOf(`--${name}`);
  if (index < 0) return undefined;
  const value = args[index + 1];
  if (value === undefined || value.startsWith('--'))
    throw new Error(`missing value after --${name}`);
  args.splice(index, 2);
  return value;
}

function takeNumber(args: string[], name: string, fallback: number, integer = false): number {
  const text = takeOption(args, name);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0 || (integer && !Number.isInteger(value))) {
    throw new Error(
      `invalid --${name} "${text}": expected a non-negative ${integer ? 'integer' : 'number'}`,
    );
  }
  return value;
}

function train(args: string[]): number {
  const out = takeOption(args, 'out') ?? fileURLToPath(MODEL_FILE);
  const l2 = takeNumber(args, 'l2', DEFAULT_TRAINING.l2);
  if (args.length === 0) return usage();
  const lines = args.flatMap((path) => readJsonLines<LabelledLine>(path));
  const file = buildModelFile(lines, undefined, { ...DEFAULT_TRAINING, l2 });
  const text = serializeModelFile(file);
  writeFileSync(out, text);
  const counts = Object.entries(file.training.examples)
    .map(([intent, count]) => `${intent} ${count}`)
    .join(', ');
  const total = Object.values(file.training.examples).reduce((sum, count) => sum + count, 0);
  process.stderr.write(
    `read ${lines.length} lines, ${developmentLines(lines).length} of them in the development half; ` +
      `trained on ${total} examples with the own cases (${counts}); ` +
      `wrote ${file.training.features} features, ${text.length} bytes, to ${out}\n`,
  );
  return 0;
}

function crossValidation(args: string[]): number {
  const folds = takeNumber(args, 'folds', 5, true);
  const l2 = takeNumber(args, 'l2', DEFAULT_TRAINING.l2);
  if (args.length === 0 || folds < 2) return usage();
  const lines = args.flatMap((path) => readJsonLines<LabelledLine>(path));
  const report = crossValidate(lines, { folds, training: { ...DEFAULT_TRAINING, l2 } });
  const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
  const best = Math.max(...report.blends.map((blend) => blend.accuracy));
  const rows = [
    `${report.folds}-fold cross-validation over ${report.lines} development lines, text only`,
    `rules alone: ${percent(report.rulesAccuracy)}`,
    `model alone: ${percent(report.modelAccuracy)} over the ${report.modelLines} lines of the four intents it scores`,
    'blend (weight, other score): accuracy, lines gained and lost against the rules alone',
    ...report.blends.map(
      (blend) =>
        `  ${String(blend.weight).padEnd(4)} ${String(blend.otherScore).padEnd(5)} ${percent(blend.accuracy)}  +${blend.gained} -${blend.lost}` +
        `${blend.accuracy === best ? '  best' : ''}${isCurrentBlend(blend) ? '  in use' : ''}`,
    ),
  ];
  process.stdout.write(`${rows.join('\n')}\n`);
  return 0;
}

function usage(): number {
  process.stderr.write(`${USAGE}\n`);
  return 2;
}

function main(args: string[]): number {
  const [command, ...options] = args;
  if (command === 'train') return train(options);
  if (command === 'cv') return crossValidation(options);
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
  return usage();
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`nlu: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
