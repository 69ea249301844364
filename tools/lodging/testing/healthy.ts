import { serveFakeStays } from './fake-server.js';

// Returns one offer for every search; used to check toolMap and argMap.
await serveFakeStays(async () => {
  throw new Error('unreachable: FAKE_MARKER is unset for this server');
});
