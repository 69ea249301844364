import { existsSync, writeFileSync } from 'node:fs';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';

/**
 * Starts a third-party-shaped stays server on stdio: tool `find_stays`, argument `where`. The
 * first call runs `firstCall` (the fault under test), later calls return one offer, so a test sees
 * whether the client restarted the process. FAKE_MARKER is the file that records the first call.
 */
export async function serveFakeStays(firstCall: () => Promise<CallToolResult>): Promise<void> {
  const marker = process.env.FAKE_MARKER;
  const server = new McpServer({ name: 'fake-stays', version: '0.0.1' });
  server.registerTool(
    'find_stays',
    {
      description: 'Fake stays for tests.',
      inputSchema: { where: z.string(), check_in: z.string().optional() },
    },
    async ({ where }) => {
      if (marker && !existsSync(marker)) {
        writeFileSync(marker, String(process.pid));
        return firstCall();
      }
      const answer = {
        location: { query: where, name: `${where} (fake)` },
        offers: [
          {
            id: 'fake-1',
            name: 'Fake Inn',
            nightly_price: 50,
            total_price: 100,
            currency: 'EUR',
            pid: process.pid,
          },
        ],
        sample: true,
        notes: [`pid ${process.pid}`],
      };
      return {
        structuredContent: answer,
        content: [{ type: 'text', text: JSON.stringify(answer) }],
      };
    },
  );
  await server.connect(new StdioServerTransport());
}
