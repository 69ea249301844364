import { z } from 'zod';

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use the date format YYYY-MM-DD, for example 2027-05-02.');

const currencyCode = z
  .string()
  .regex(/^[A-Za-z]{3}$/, 'Use a three-letter ISO 4217 currency code such as EUR or USD.')
  .transform((code) => code.toUpperCase());

const guestShape = {
  adults: z
    .number()
    .int()
    .min(1)
    .max(9)
    .default(1)
    .describe('Number of adults (18 or older) sharing the stay, 1 to 9. Defaults to 1.'),
  children: z
    .number()
    .int()
    .min(0)
    .max(8)
    .default(0)
    .describe('Number of children aged 2 to 17. Defaults to 0.'),
  infants: z
    .number()
    .int()
    .min(0)
    .max(4)
    .default(0)
    .describe('Number of infants under 2. Defaults to 0.'),
};

const stayDatesShape = {
  check_in: isoDate.describe('Arrival date, YYYY-MM-DD, not in the past.'),
  check_out: isoDate.describe('Departure date, YYYY-MM-DD, after check_in; at most 99 nights.'),
};

/** Arguments of `search_accommodations`. */
export const searchInputShape = {
  location: z
    .string()
    .trim()
    .min(1, 'Name a city or an airport code, for example "Lisbon" or "JFK".')
    .max(200)
    .describe(
      'City to stay in, optionally with its country ("Paris, France"), or an IATA airport code ' +
        '("LHR"). The result echoes the place that was understood; check it before answering.',
    ),
  ...stayDatesShape,
  ...guestShape,
  pets: z
    .boolean()
    .default(false)
    .describe('True when the guests travel with a pet; only places that allow pets are returned.'),
  min_price: z.number().min(0).optional().describe('Lowest nightly price per room, in `currency`.'),
  max_price: z
    .number()
    .positive()
    .optional()
    .describe('Highest nightly price per room, in `currency`.'),
  currency: currencyCode
    .optional()
    .describe('ISO 4217 code for prices, such as EUR. Defaults to the currency of the country.'),
  cursor: z
    .string()
    .optional()
    .describe('The `next_cursor` of an earlier result, to fetch the next page of the same search.'),
};

/** Arguments of `get_accommodation_details`. */
export const detailsInputShape = {
  id: z.string().trim().min(1).describe('The `id` of an offer returned by search_accommodations.'),
  ...stayDatesShape,
  ...guestShape,
  currency: currencyCode.optional().describe('ISO 4217 code for prices, such as EUR.'),
};

const locationSchema = z.object({
  query: z.string().describe('The location text as the caller sent it.'),
  kind: z.enum(['city', 'airport']),
  name: z.string().describe('The place the server understood, such as "Lisbon".'),
  airport_code: z.string().optional(),
  country_code: z.string(),
  country_name: z.string(),
  latitude: z.number(),
  longitude: z.number(),
});

const guestsSchema = z.object({
  adults: z.number().int(),
  children: z.number().int(),
  infants: z.number().int(),
});

const offerSchema = z.object({
  id: z.string(),
  name: z.string(),
  nightly_price: z.number(),
  total_price: z.number(),
  currency: z.string(),
  pets_allowed: z.boolean(),
  rating: z.number().optional().describe('Star rating, 1 to 5.'),
  review_score: z.number().optional().describe('Guest review score, 1 to 10.'),
  neighbourhood: z.string().optional(),
  address: z.string().optional(),
  latitude: z.number().optional(),
  longitude: z.number().optional(),
  distance_km: z.number().optional().describe('Distance from the location centre.'),
  amenities: z.array(z.string()),
  sample: z.boolean().describe('True for invented sample listings that cannot be booked.'),
  provider: z.string(),
});

/** Structured result of `search_accommodations`. */
export const searchOutputShape = {
  location: locationSchema,
  check_in: z.string(),
  check_out: z.string(),
  nights: z.number().int(),
  guests: guestsSchema,
  pets: z.boolean(),
  currency: z.string(),
  offers: z.array(offerSchema),
  total_results: z.number().int().describe('Matching offers across all pages.'),
  next_cursor: z.string().optional(),
  sample: z.boolean(),
  provider: z.string(),
  notes: z.array(z.string()),
};

const rateSchema = z.object({
  id: z.string(),
  total_price: z.number(),
  currency: z.string(),
  board_type: z.string().optional(),
  refundable: z.boolean().describe('True when some refund is possible after booking.'),
  conditions: z.array(z.string()),
});

const roomSchema = z.object({
  name: z.string(),
  beds: z.array(z.string()),
  rates: z.array(rateSchema),
});

/** Structured result of `get_accommodation_details`. */
export const detailsOutputShape = {
  accommodation: offerSchema.extend({
    description: z.string().optional(),
    check_in_after: z.string().optional(),
    check_out_before: z.string().optional(),
    rooms: z.array(roomSchema),
  }),
  check_in: z.string(),
  check_out: z.string(),
  nights: z.number().int(),
  guests: guestsSchema,
  sample: z.boolean(),
  provider: z.string(),
};

export type SearchInput = z.output<z.ZodObject<typeof searchInputShape>>;
export type DetailsInput = z.output<z.ZodObject<typeof detailsInputShape>>;
export type ResolvedLocation = z.infer<typeof locationSchema>;
export type Guests = z.infer<typeof guestsSchema>;
export type Offer = z.infer<typeof offerSchema>;
export type Room = z.infer<typeof roomSchema>;
export type SearchOutput = z.infer<z.ZodObject<typeof searchOutputShape>>;
export type DetailsOutput = z.infer<z.ZodObject<typeof detailsOutputShape>>;
