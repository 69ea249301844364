import type { LangGraphRunnableConfig } from '@langchain/langgraph';

import type { AgentDeps } from '../deps.js';
import { emit } from '../events.js';
import type { ToolOutcome } from '../state.js';
import type { CacheCall } from '../../tools/cache/index.js';
import { ToolError } from '../../tools/types.js';

export interface ToolCallSpec {
  tool: string;
  args: Record<string, unknown>;
  /** Present for cacheable calls; memory calls are never cached. */
  cache?: Omit<CacheCall, 'tool' | 'args'>;
  /**
   * For a tool that caches its own parts, such as the destination guide's page articles:
   * whether a result came from that cache, shown as `cached` in `tool_end`.
   */
  cachedInside?: (result: unknown) => boolean;
}

/**
 * Runs one tool call with a time limit, through the cache when the call is cacheable, and
 * streams `tool_start` and `tool_end`. Failures come back as an outcome with a message the
 * reply can show; only an abort of the whole run is rethrown.
 */
export async function callTool(
  deps: AgentDeps,
  config: LangGraphRunnableConfig,
  spec: ToolCallSpec,
  run: (signal: AbortSignal) => Promise<unknown>,
): Promise<ToolOutcome> {
  emit(config, { event: 'tool_start', data: { tool: spec.tool, args: spec.args } });
  const started = performance.now();

  const timeout = AbortSignal.timeout(deps.toolTimeoutMs);
  const signal = config.signal ? AbortSignal.any([config.signal, timeout]) : timeout;

  let outcome: ToolOutcome;
  try {
    const invoke = () => withAbort(run(signal), signal);
    const { value, cached } = spec.cache
      ? await deps.cache.wrap({ ...spec.cache, tool: spec.tool, args: spec.args }, invoke)
      : await invokeUncached(invoke, spec.cachedInside);
    outcome = { ...baseOutcome(spec, started), ok: true, cached, result: value };
  } catch (error) {
    if (config.signal?.aborted) throw error;
    const field = error instanceof ToolError && error.code === 'ambiguous' && error.details?.field;
    outcome = {
      ...baseOutcome(spec, started),
      ok: false,
      cached: false,
      error: describe(error, timeout),
      ...(typeof field === 'string' ? { questionField: field } : {}),
    };
    deps.logger.warn(
      { tool: spec.tool, err: error instanceof Error ? error.message : String(error) },
      'tool call failed',
    );
  }

  emit(config, {
    event: 'tool_end',
    data: {
      tool: outcome.tool,
      args: outcome.args,
      ok: outcome.ok,
      cached: outcome.cached,
      duration_ms: outcome.durationMs,
      ...(outcome.ok ? { result: outcome.result } : { error: outcome.error }),
    },
  });
  return outcome;
}

async function invokeUncached(
  invoke: () => Promise<unknown>,
  cachedInside?: (result: unknown) => boolean,
): Promise<{ value: unknown; cached: boolean }> {
  const value = await invoke();
  return { value, cached: cachedInside?.(value) ?? false };
}

function baseOutcome(spec: ToolCallSpec, started: number) {
  return {
    tool: spec.tool,
    args: spec.args,
    durationMs: Math.round((performance.now() - started) * 10) / 10,
  };
}

/** Rejects as soon as the signal fires, even if the tool ignores its signal. */
function withAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function describe(error: unknown, timeout: AbortSignal): string {
  if (timeout.aborted) return 'The search took too long and was stopped. Please try again.';
  if (error instanceof ToolError) return error.message;
  return 'The search failed unexpectedly. Please try again in a moment.';
}
