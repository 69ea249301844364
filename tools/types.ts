/** Health of one dependency, as `/health` reports it. */
export interface ComponentHealth {
  status: 'ok' | 'degraded' | 'down' | 'disabled';
  /** What backs the component, such as `embedded-pglite`, `redis`, `sample`. */
  backend: string;
  latencyMs?: number;
  detail?: string;
}

/**
 * A failure a tool reports to the agent instead of throwing through the graph. The message is
 * written for the user or the model: what went wrong and what to try.
 */
export class ToolError extends Error {
  constructor(
    readonly code:
      | 'invalid_input'
      | 'not_found'
      | 'ambiguous'
      | 'upstream_error'
      | 'timeout'
      | 'unavailable'
      | 'rate_limited'
      | 'forbidden',
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ToolError';
  }
}
