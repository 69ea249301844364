// Measures place-data load time and classifier latency. Run: npx tsx bench/nlu.bench.ts
import { performance } from 'node:perf_hooks';
import { classify } from '../agent/nlu/index.js';
import { getAirport } from '../tools/places/index.js';

const SAMPLES = [
  'flights from Berlin to Lisbon next Friday for 2 adults',
  'a place to stay in Lisbon from 12 to 15 March for 2, with a dog',
  'what should I know before visiting Lisbon?',
  "I'm vegetarian and I prefer aisle seats",
  'play some jazz',
  'plan a 5 day trip to Rome in May with flights from London and a hotel',
];
const ITERATIONS = 2000;

const loadStart = performance.now();
getAirport('LIS');
const loadMs = performance.now() - loadStart;

const context = { now: new Date('2019-03-01T12:00:00Z'), timeZone: 'UTC' };
for (const text of SAMPLES) classify(text, context);

const start = performance.now();
for (let i = 0; i < ITERATIONS; i++) classify(SAMPLES[i % SAMPLES.length], context);
const perCallMs = (performance.now() - start) / ITERATIONS;

process.stdout.write(
  `${JSON.stringify({ placesLoadMs: Math.round(loadMs), classifyMsPerCall: Number(perCallMs.toFixed(3)) })}\n`,
);
