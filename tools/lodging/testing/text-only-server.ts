import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';

/*
 * A third-party-shaped rentals server: tool `lookup_rentals` with `city`, `start_date`,
 * `end_date` and `guests` (one head count), and results as prose only, with no
 * structuredContent. A city named "Nowhere" gets prose without any listing.
 */

const server = new McpServer({ name: 'rentals-text', version: '0.0.1' });
server.registerTool(
  'lookup_rentals',
  {
    description: 'Look up holiday rentals.',
    inputSchema: {
      city: z.string(),
      start_date: z.string(),
      end_date: z.string(),
      guests: z.number().int(),
    },
  },
  async ({ city, start_date, end_date, guests }) => {
    const text =
      city === 'Nowhere'
        ? `Sorry, we have nothing in ${city} right now.`
        : [
            `Found 3 rentals in ${city} from ${start_date} to ${end_date} for ${guests} guests:`,
            '1. **Casa do Rio** (id: rio-101) - €95 per night, 4.5 stars, pets allowed',
            '2. Bairro Alto Loft (id: loft-7) — EUR 120/night',
            `3. Belem Garden Rooms for ${guests}: 390 EUR total`,
            'Prices include taxes.',
          ].join('\n');
    return { content: [{ type: 'text', text }] };
  },
);
await server.connect(new StdioServerTransport());
