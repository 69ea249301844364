import { ConfigError } from '../../agent/config.js';
import type { Logger } from '../../agent/logger.js';
import type {
  CacheCall,
  CacheResult,
  ToolCache,
  WarmOptions,
  WarmReport,
  WarmTask,
} from './types.js';

/** Looks a call up and runs it on a miss, as `wrap` does but without counting it as a request. */
export type WarmLookup = (task: WarmTask, signal: AbortSignal) => Promise<CacheResult<unknown>>;

/**
 * Runs warming tasks with `concurrency` workers until all ran, maxCalls started or the deadline
 * passed. At the deadline it aborts the running tasks' signals and resolves without waiting
 * for them, so a hanging tool cannot hold the warming pass open.
 */
export async function runWarmTasks(
  tasks: readonly WarmTask[],
  options: WarmOptions,
  lookup: WarmLookup,
): Promise<WarmReport> {
  const report = { alreadyCached: 0, ran: 0, failed: 0 };
  const limit = Math.max(0, Math.min(tasks.length, Math.floor(options.maxCalls)));
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), Math.max(0, options.deadlineMs));
  timer.unref();

  let next = 0;
  const worker = async () => {
    while (next < limit && !deadline.signal.aborted) {
      const task = tasks[next];
      next += 1;
      try {
        const result = await lookup(task, deadline.signal);
        if (result.cached) report.alreadyCached += 1;
        else report.ran += 1;
      } catch {
        report.failed += 1;
      }
    }
  };

  const workers = Array.from({ length: Math.max(1, options.concurrency ?? 2) }, worker);
  const deadlinePassed = new Promise<void>((resolve) =>
    deadline.signal.addEventListener('abort', () => resolve(), { once: true }),
  );
  await Promise.race([Promise.all(workers), deadlinePassed]);
  clearTimeout(timer);
  deadline.abort();

  const finished = report.alreadyCached + report.ran + report.failed;
  return { ...report, unfinished: next - finished, skipped: tasks.length - next };
}

/** Settings of startWarming. */
export interface StartWarmingOptions {
  /** Reads CACHE_WARM, CACHE_WARM_MAX_CALLS and CACHE_WARM_DEADLINE_MS; usually process.env. */
  env: Record<string, string | undefined>;
  /** Reference data to warm first, such as airports and countries. */
  referenceTasks: readonly WarmTask[];
  /** Builds the task for a recorded popular call; undefined skips a call no tool serves now. */
  taskForCall: (call: CacheCall) => WarmTask | undefined;
  logger: Logger;
}

/** Default maximum of tasks one start warms. */
export const DEFAULT_WARM_MAX_CALLS = 100;
/** Default time one start spends warming, in ms. */
export const DEFAULT_WARM_DEADLINE_MS = 30_000;

/**
 * Warms reference data, then the most requested calls of earlier runs, when CACHE_WARM is
 * true. Call it without awaiting at start: it runs in the background, resolves undefined when
 * warming is off, and logs instead of rejecting.
 */
export async function startWarming(
  cache: Pick<ToolCache, 'warm' | 'popularCalls'>,
  options: StartWarmingOptions,
): Promise<WarmReport | undefined> {
  const settings = readWarmSettings(options.env);
  if (!settings.enabled) return undefined;

  try {
    const popular = await cache.popularCalls();
    const popularTasks = popular
      .map((call) => options.taskForCall(call))
      .filter((task): task is WarmTask => task !== undefined);
    return await cache.warm([...options.referenceTasks, ...popularTasks], settings);
  } catch (error) {
    options.logger.warn({ err: error }, 'cache: warming failed, continuing without it');
    return undefined;
  }
}

/** Parses the warming env variables; throws ConfigError on a bad value. */
export function readWarmSettings(env: Record<string, string | undefined>): {
  enabled: boolean;
  maxCalls: number;
  deadlineMs: number;
} {
  const switchValue = env.CACHE_WARM?.trim().toLowerCase() ?? '';
  if (!['', '0', '1', 'true', 'false', 'yes', 'no', 'on', 'off'].includes(switchValue)) {
    throw new ConfigError(
      `Invalid CACHE_WARM ${JSON.stringify(env.CACHE_WARM)}: use true or false (default false).`,
    );
  }

  return {
    enabled: ['1', 'true', 'yes', 'on'].includes(switchValue),
    maxCalls: readCount(env, 'CACHE_WARM_MAX_CALLS', DEFAULT_WARM_MAX_CALLS),
    deadlineMs: readCount(env, 'CACHE_WARM_DEADLINE_MS', DEFAULT_WARM_DEADLINE_MS),
  };
}

function readCount(
  env: Record<string, string | undefined>,
  variable: string,
  fallback: number,
): number {
  const raw = env[variable]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) {
    throw new ConfigError(`Invalid ${variable} ${JSON.stringify(raw)}: use a whole number.`);
  }
  return Number(raw);
}
