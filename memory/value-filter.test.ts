import { describe, expect, it } from 'vitest';

import { hashContent } from './content.js';
import { buildValueFilter } from './value-filter.js';

describe('buildValueFilter', () => {
  it('returns nothing for an empty filter', () => {
    expect(buildValueFilter(undefined)).toBeUndefined();
    expect(buildValueFilter({})).toBeUndefined();
  });

  it('matches exact values by jsonb containment', () => {
    expect(buildValueFilter({ tag: 'music' })).toEqual({
      sql: 'value @> $1::jsonb',
      params: ['{"tag":"music"}'],
    });
  });

  it('compares numbers as numerics', () => {
    const filter = buildValueFilter({ rating: { $gte: 4 }, status: { $ne: 'archived' } });

    expect(filter?.sql).toContain('(value ->> $1)::numeric >= $2::numeric');
    expect(filter?.sql).toContain('NOT (value @> $3::jsonb)');
    expect(filter?.params).toEqual(['rating', 4, '{"status":"archived"}']);
  });

  it('rejects unknown operators', () => {
    expect(() => buildValueFilter({ rating: { $in: [1, 2] } })).toThrow(
      /Unsupported filter operator "\$in"/,
    );
  });
});

describe('hashContent', () => {
  it('ignores case, punctuation and spacing', () => {
    expect(hashContent("I don't eat meat.")).toBe(hashContent('i  DON T eat meat'));
  });

  it('tells different texts apart', () => {
    expect(hashContent('I prefer aisle seats')).not.toBe(hashContent('I prefer window seats'));
  });
});
