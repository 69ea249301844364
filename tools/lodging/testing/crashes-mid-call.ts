import { serveFakeStays } from './fake-server.js';

// The first search kills the process before it sends a result.
await serveFakeStays(async () => {
  process.stderr.write('fake server: crashing during find_stays\n');
  process.exit(1);
});
