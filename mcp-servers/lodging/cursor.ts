import { LodgingInputError } from './errors.js';
import { hashSeed } from './providers/seeded-random.js';

/** Offers per page of search_accommodations. */
export const PAGE_SIZE = 10;

/**
 * Encodes the next page's offset with a hash of the search it belongs to, so a cursor reused
 * with different arguments is rejected instead of silently paging through another result set.
 */
export function encodeCursor(searchKey: string, offset: number): string {
  return Buffer.from(JSON.stringify({ offset, search: hashSeed(searchKey) })).toString('base64url');
}

/** Returns the offset stored in a cursor; throws LodgingInputError when it is not ours. */
export function decodeCursor(searchKey: string, cursor: string | undefined): number {
  if (cursor === undefined || cursor === '') {
    return 0;
  }

  let decoded: { offset?: unknown; search?: unknown };
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new LodgingInputError(
      'cursor',
      'the value is not a next_cursor from this server; omit it to start a new search.',
    );
  }
  if (
    typeof decoded.offset !== 'number' ||
    decoded.offset < 0 ||
    !Number.isInteger(decoded.offset)
  ) {
    throw new LodgingInputError(
      'cursor',
      'the value is not a next_cursor from this server; omit it to start a new search.',
    );
  }
  if (decoded.search !== hashSeed(searchKey)) {
    throw new LodgingInputError(
      'cursor',
      'belongs to a search with other arguments; repeat those arguments or omit the cursor.',
    );
  }
  return decoded.offset;
}
