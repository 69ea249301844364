/**
 * Entry point for LangGraph Studio and `langgraph dev` (named in langgraph.json). The platform
 * supplies its own checkpointer and store, so the graph is compiled without them here; the
 * HTTP server and the CLI compile it with ours through `createAgentRuntime`.
 */
import { buildAgentGraph } from './build-graph.js';
import { loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { createAgentDeps } from './runtime.js';

const config = loadConfig(process.env);

export const graph = buildAgentGraph(createAgentDeps(config, createLogger(config.LOG_LEVEL)));
