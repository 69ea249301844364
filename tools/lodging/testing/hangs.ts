import { serveFakeStays } from './fake-server.js';

// The first search never returns; the timer keeps the process alive even after stdin closes.
await serveFakeStays(async () => {
  setInterval(() => undefined, 60_000);
  return new Promise(() => undefined);
});
