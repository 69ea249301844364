/** A labelled line: its intent and, for slot lines, slot name to accepted values. */
export interface GoldLine {
  id: string;
  intent: string;
  slots?: Record<string, unknown>;
  /** Source slots with no slot in the schema, such as a stay length. */
  unmapped_slots?: Record<string, unknown>;
}

/**
 * Source slots that state a stay length. A check-out derived from one is right, but the labelled
 * lines do not hold it, so such a prediction is neither a hit nor a false positive.
 */
const STAY_LENGTH_SLOTS = ['number_of_days', 'stay_length'];

/** A predicted line as `predictLine` writes it. */
export interface PredictedLine {
  id: string;
  intent: string;
  slots?: Record<string, unknown>;
}

/** Precision, recall and F1 with the counts behind them. */
export interface F1Score {
  precision: number;
  recall: number;
  f1: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
}

/** Intent accuracy, per-intent F1 and slot F1 of a prediction file against gold labels. */
export interface ScoreReport {
  lines: number;
  missingPredictions: number;
  intentAccuracy: number;
  perIntent: Record<string, F1Score>;
  /** Over gold lines that carry `slots`; a value counts when it matches any accepted form. */
  slotLines: number;
  slots: F1Score;
  perSlot: Record<string, F1Score>;
}

/** Scores predictions against gold lines matched by `id`. */
export function scorePredictions(gold: GoldLine[], predicted: PredictedLine[]): ScoreReport {
  const byId = new Map(predicted.map((line) => [line.id, line]));
  const intentCounts = new Map<string, Counts>();
  const slotCounts = new Map<string, Counts>();
  const countsFor = (map: Map<string, Counts>, key: string) => {
    let counts = map.get(key);
    if (!counts) map.set(key, (counts = { tp: 0, fp: 0, fn: 0 }));
    return counts;
  };

  let correct = 0;
  let missing = 0;
  let slotLines = 0;
  for (const line of gold) {
    const prediction = byId.get(line.id);
    if (!prediction) missing += 1;
    const predictedIntent = prediction?.intent ?? '(none)';
    if (predictedIntent === line.intent) {
      correct += 1;
      countsFor(intentCounts, line.intent).tp += 1;
    } else {
      countsFor(intentCounts, line.intent).fn += 1;
      countsFor(intentCounts, predictedIntent).fp += 1;
    }

    if (!line.slots) continue;
    slotLines += 1;
    const predictedSlots = prediction?.slots ?? {};
    for (const [name, accepted] of Object.entries(line.slots)) {
      const value = predictedSlots[name];
      const counts = countsFor(slotCounts, name);
      if (value === undefined) counts.fn += 1;
      else if (matchesAny(value, accepted)) counts.tp += 1;
      else {
        counts.fp += 1;
        counts.fn += 1;
      }
    }
    const statesStay = STAY_LENGTH_SLOTS.some((name) => line.unmapped_slots?.[name] !== undefined);
    for (const name of Object.keys(predictedSlots)) {
      if (name in line.slots) continue;
      if (name === 'check_out' && statesStay) continue;
      countsFor(slotCounts, name).fp += 1;
    }
  }

  const perIntent = Object.fromEntries(
    [...intentCounts]
      .filter(([key]) => key !== '(none)')
      .map(([key, counts]) => [key, toF1(counts)]),
  );
  const perSlot = Object.fromEntries([...slotCounts].map(([key, counts]) => [key, toF1(counts)]));
  const total = [...slotCounts.values()].reduce(
    (sum, counts) => ({ tp: sum.tp + counts.tp, fp: sum.fp + counts.fp, fn: sum.fn + counts.fn }),
    { tp: 0, fp: 0, fn: 0 },
  );
  return {
    lines: gold.length,
    missingPredictions: missing,
    intentAccuracy: gold.length === 0 ? 0 : correct / gold.length,
    perIntent,
    slotLines,
    slots: toF1(total),
    perSlot,
  };
}

interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

function toF1({ tp, fp, fn }: Counts): F1Score {
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, truePositives: tp, falsePositives: fp, falseNegatives: fn };
}

/** Compares case-, accent- and punctuation-insensitively, so "Washington, D.C." equals "Washington DC". */
function matchesAny(value: unknown, accepted: unknown): boolean {
  const forms = Array.isArray(accepted) ? accepted : [accepted];
  const wanted = comparable(value);
  return forms.some((form) => comparable(form) === wanted);
}

function comparable(value: unknown): string {
  return String(value)
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}
