import type { Logger } from './logger.js';
import type { ToolCache } from '../tools/cache/index.js';
import type { DestinationGuide } from '../tools/destination/index.js';
import type { FlightSearch } from '../tools/flights/index.js';
import type { LodgingClient } from '../tools/lodging/index.js';

/** Everything the graph's nodes call out to; built once by the runtime, replaced in tests. */
export interface AgentDeps {
  flights: FlightSearch;
  lodging: LodgingClient;
  destination: DestinationGuide;
  cache: ToolCache;
  logger: Logger;
  /** Time zone for relative dates when the caller gives none. */
  defaultTimeZone: string;
  /** Upper bound for any single tool call, so one slow provider cannot hold a turn. */
  toolTimeoutMs: number;
  /** Delay between streamed tokens of the offline model; 0 still yields to the event loop. */
  tokenDelayMs: number;
  now: () => Date;
}
