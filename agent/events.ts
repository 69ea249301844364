import type { BaseStore, LangGraphRunnableConfig } from '@langchain/langgraph';

/** Events the graph streams to clients, in the order a turn produces them. */
export type AgentEvent =
  | {
      event: 'intent';
      data: {
        intent: string;
        confidence: number;
        slots: Record<string, unknown>;
        missing: string[];
        notes: string[];
      };
    }
  | { event: 'tool_start'; data: { tool: string; args: Record<string, unknown> } }
  | {
      event: 'tool_end';
      data: {
        tool: string;
        args: Record<string, unknown>;
        ok: boolean;
        cached: boolean;
        duration_ms: number;
        result?: unknown;
        error?: string;
      };
    }
  | { event: 'token'; data: { text: string } }
  | { event: 'memory'; data: { action: string; count: number } };

/** Sends an event on the run's custom stream; a no-op when the run is not streamed. */
export function emit(config: LangGraphRunnableConfig, event: AgentEvent): void {
  config.writer?.(event);
}

/**
 * User whose memory a run without `configurable.user_id` uses. The HTTP and MCP servers
 * always pass one; runs started from LangGraph Studio may not.
 */
export const LOCAL_USER_ID = 'local';

/** Reads the caller's user id, which every memory and thread operation is scoped to. */
/**
 * Returns the store of the user's long-term memory, or undefined when the graph has none or the
 * turn runs without it (`long_term_memory: false` in `configurable`, as for anonymous clients).
 */
export function memoryStoreOf(config: LangGraphRunnableConfig): BaseStore | undefined {
  return config.configurable?.long_term_memory === false ? undefined : config.store;
}

export function userIdOf(config: LangGraphRunnableConfig): string {
  const userId = config.configurable?.user_id;
  return typeof userId === 'string' && userId !== '' ? userId : LOCAL_USER_ID;
}
