import { z } from 'zod';

import type { FlightSearchInput } from './types.js';

/** Most airline booking systems take at most nine passengers in one booking, so one search does too. */
export const MAX_PASSENGERS = 9;

/**
 * Further legs a multi-city search takes after the first.
 * NOTE: the Duffel pages read state no slice limit; this cap only keeps one search small.
 */
export const MAX_ONWARD_SLICES = 5;

const onwardSliceSchema = z.object({
  origin: z.string().trim().min(1).describe('Where this leg starts: a city, airport or IATA code.'),
  destination: z
    .string()
    .trim()
    .min(1)
    .describe('Where this leg ends: a city, airport or IATA code.'),
  departDate: z.iso.date().describe('Date of this leg as YYYY-MM-DD.'),
});

/** Input of the flight search tool, with descriptions written for the model that fills it. */
export const flightSearchInputSchema: z.ZodType<FlightSearchInput> = z.object({
  origin: z
    .string()
    .trim()
    .min(1)
    .describe(
      'Where the trip starts: a city ("Lisbon"), an airport name or a 3-letter IATA code ("LIS"), as the user wrote it.',
    ),
  destination: z
    .string()
    .trim()
    .min(1)
    .describe('Where the trip goes: a city, an airport name or a 3-letter IATA code.'),
  departDate: z.iso
    .date()
    .describe('Outbound date as YYYY-MM-DD, resolved from phrases such as "next Friday".'),
  returnDate: z.iso
    .date()
    .optional()
    .describe('Return date as YYYY-MM-DD; leave out for a one-way trip.'),
  onwardSlices: z
    .array(onwardSliceSchema)
    .min(1)
    .max(MAX_ONWARD_SLICES)
    .optional()
    .describe(
      'Multi-city trips only: each further one-way leg after the first, in flying order. Leave out returnDate when using this.',
    ),
  adults: z
    .number()
    .int()
    .min(1)
    .max(MAX_PASSENGERS)
    .describe('Travellers aged 18 or over; at least 1.'),
  childrenAges: z
    .array(z.number().int().min(2).max(17))
    .max(MAX_PASSENGERS - 1)
    .optional()
    .describe('Age of each child aged 2 to 17, one number per child, such as [7, 12].'),
  infants: z
    .number()
    .int()
    .min(0)
    .max(MAX_PASSENGERS - 1)
    .optional()
    .describe('Lap infants under 2 years, each on an adult lap; at most one per adult.'),
  cabin: z
    .enum(['economy', 'premium_economy', 'business', 'first'])
    .optional()
    .describe('Cabin class; economy when the user did not ask for another.'),
  maxConnections: z
    .number()
    .int()
    .min(0)
    .max(2)
    .optional()
    .describe('Connections allowed each way: 0 for direct flights only, up to 2.'),
  maxPrice: z
    .number()
    .positive()
    .optional()
    .describe('Budget: highest total price for all travellers together, in `currency`.'),
  currency: z
    .string()
    .trim()
    .regex(/^[A-Za-z]{3}$/)
    .optional()
    .describe('ISO 4217 currency code for prices and maxPrice, such as EUR or USD.'),
});
