export { createLodgingClient, type LodgingClientOptions } from './client.js';
export { readMcpServerEntry, type McpServerEntry } from './config.js';
export type {
  LodgingClient,
  StayLocation,
  StayOffer,
  StaySearchInput,
  StaySearchResult,
} from './types.js';
