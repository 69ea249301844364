import type { ListNamespacesOperation, MatchCondition } from '@langchain/langgraph-checkpoint';

/**
 * Applies a ListNamespaces operation to one user's namespaces in memory: prefix and suffix
 * conditions with `*` wildcards, then `maxDepth`, deduplication, sorting and paging.
 */
export function listUserNamespaces(
  namespaces: string[][],
  op: ListNamespacesOperation,
): string[][] {
  const conditions = op.matchConditions ?? [];
  const matching = namespaces.filter((namespace) =>
    conditions.every((condition) => matches(namespace, condition)),
  );

  const truncated = matching.map((namespace) =>
    op.maxDepth !== undefined ? namespace.slice(0, op.maxDepth) : namespace,
  );
  const unique = [
    ...new Map(truncated.map((namespace) => [JSON.stringify(namespace), namespace])).values(),
  ];
  unique.sort((a, b) => a.join('\u0000').localeCompare(b.join('\u0000')));

  const offset = op.offset ?? 0;
  return unique.slice(offset, offset + (op.limit ?? 100));
}

function matches(namespace: string[], condition: MatchCondition): boolean {
  const { path } = condition;
  if (path.length > namespace.length) return false;
  const segment =
    condition.matchType === 'prefix'
      ? namespace.slice(0, path.length)
      : namespace.slice(-path.length);
  return path.every((label, i) => label === '*' || label === segment[i]);
}
