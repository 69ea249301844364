import { ToolError } from '../tools/types.js';

const COMPARISONS: Record<string, string> = { $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' };

/**
 * Translates a BaseStore search filter on the item value into SQL over the `value` jsonb
 * column. Supports exact matches and `$eq`, `$ne`, `$gt`, `$gte`, `$lt`, `$lte` on top-level
 * fields; parameters are numbered from `$1`.
 */
export function buildValueFilter(
  filter: Record<string, unknown> | undefined,
): { sql: string; params: unknown[] } | undefined {
  if (!filter || Object.keys(filter).length === 0) return undefined;

  const conditions: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };

  for (const [field, condition] of Object.entries(filter)) {
    const isOperatorObject =
      condition !== null &&
      typeof condition === 'object' &&
      !Array.isArray(condition) &&
      Object.keys(condition).length > 0 &&
      Object.keys(condition).every((key) => key.startsWith('$'));

    if (!isOperatorObject) {
      conditions.push(`value @> ${param(JSON.stringify({ [field]: condition }))}::jsonb`);
      continue;
    }

    for (const [operator, operand] of Object.entries(condition as Record<string, unknown>)) {
      const containment = () => `value @> ${param(JSON.stringify({ [field]: operand }))}::jsonb`;
      if (operator === '$eq') {
        conditions.push(containment());
      } else if (operator === '$ne') {
        conditions.push(`NOT (${containment()})`);
      } else if (operator in COMPARISONS) {
        conditions.push(compare(field, COMPARISONS[operator], operand, param));
      } else {
        throw new ToolError(
          'invalid_input',
          `Unsupported filter operator "${operator}" on "${field}"; use $eq, $ne, $gt, $gte, $lt or $lte.`,
        );
      }
    }
  }

  return { sql: conditions.join(' AND '), params };
}

function compare(
  field: string,
  operator: string,
  operand: unknown,
  param: (value: unknown) => string,
): string {
  const fieldParam = param(field);
  if (typeof operand === 'number') {
    return `(jsonb_typeof(value -> ${fieldParam}) = 'number' AND (value ->> ${fieldParam})::numeric ${operator} ${param(operand)}::numeric)`;
  }
  if (typeof operand === 'string') {
    return `(value ->> ${fieldParam}) ${operator} ${param(operand)}::text`;
  }
  throw new ToolError(
    'invalid_input',
    `Filter comparison on "${field}" needs a number or a string, got ${typeof operand}.`,
  );
}
