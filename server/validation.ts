import type { Request } from 'express';
import { z } from 'zod';

import { HttpError } from './errors.js';

/** Ids of users and threads: short, printable, safe in URLs, logs and keys. */
export const idSchema = z
  .string({ error: 'must be a string' })
  .min(1, 'must not be empty')
  .max(128, 'must be at most 128 characters')
  .regex(/^[A-Za-z0-9._@:-]+$/, 'may contain only letters, digits and . _ @ : -')
  .regex(/[A-Za-z0-9]/, 'must contain at least one letter or digit');

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export const MESSAGE_MAX_LENGTH = 8000;

export const chatRequestSchema = z.object({
  user_id: idSchema,
  thread_id: idSchema.optional(),
  message: z
    .string({ error: 'must be a string' })
    .trim()
    .min(1, 'must not be empty')
    .max(MESSAGE_MAX_LENGTH, `must be at most ${MESSAGE_MAX_LENGTH} characters`),
  time_zone: z
    .string({ error: 'must be a string' })
    .refine(isTimeZone, 'must be an IANA time zone such as Europe/Lisbon')
    .optional(),
});

export type ChatRequest = z.infer<typeof chatRequestSchema>;

/** Parses a value with a schema or throws a 400 that names each invalid field. */
export function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  if (value === undefined || value === null || typeof value !== 'object' || Array.isArray(value)) {
    if (what === 'body') {
      throw new HttpError(
        400,
        'invalid_request',
        'The request body must be a JSON object with Content-Type: application/json.',
      );
    }
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;

  const details = parsed.error.issues.map((issue) => ({
    field: issue.path.join('.') || what,
    problem: valueAt(value, issue.path) === undefined ? 'is required' : issue.message,
  }));
  const summary = details.map((detail) => `${detail.field} ${detail.problem}`).join('; ');
  throw new HttpError(400, 'invalid_request', `Invalid ${what}: ${summary}.`, details);
}

function valueAt(value: unknown, path: PropertyKey[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** Reads a path parameter that must be an id. */
export function idParam(request: Request, name: string): string {
  return parseOrThrow(z.object({ [name]: idSchema }), request.params, 'path')[name] as string;
}
