import { serveFakeStays } from './fake-server.js';

// The first search returns an offer whose id is a number and which has no name or price.
await serveFakeStays(async () => ({
  structuredContent: { offers: [{ id: 42 }] },
  content: [{ type: 'text', text: 'offers follow' }],
}));
