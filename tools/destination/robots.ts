import { LRUCache } from 'lru-cache';

/** One Allow or Disallow line of the group that applies to us. */
interface RobotsRule {
  allow: boolean;
  pattern: string;
  matcher: RegExp;
}

/** The outcome of fetching a site's robots.txt, as RFC 9309 section 2.3.1 classifies it. */
export type RobotsFile =
  | { kind: 'rules'; body: string }
  | { kind: 'allow-all' } // 4xx: the site has no robots.txt
  | { kind: 'disallow-all'; reason: string }; // 5xx: the site is unreachable, so crawl nothing

/**
 * Parses robots.txt and returns the rules for the crawler named `productToken`, falling back
 * to the `*` groups. Groups that name the same agent are merged, as RFC 9309 requires.
 */
export function parseRobots(body: string, productToken: string): RobotsRule[] {
  const token = productToken.toLowerCase();
  const ownRules: RobotsRule[] = [];
  const wildcardRules: RobotsRule[] = [];
  let groupAgents: string[] = [];
  let groupHasRules = false;

  for (const rawLine of body.split(/\r\n|\r|\n/)) {
    const line = rawLine.replace(/#.*$/, '').trim();
    const separator = line.indexOf(':');
    if (separator < 0) {
      continue;
    }
    const field = line.slice(0, separator).trim().toLowerCase();
    const value = line.slice(separator + 1).trim();

    if (field === 'user-agent') {
      // A user-agent line after rules starts a new group.
      if (groupHasRules) {
        groupAgents = [];
        groupHasRules = false;
      }
      // A product token is matched whole and case-insensitively, ignoring any `/version`.
      groupAgents.push(value.split('/')[0].trim().toLowerCase());
      continue;
    }
    if (field !== 'allow' && field !== 'disallow') {
      continue;
    }

    groupHasRules = true;
    // An empty Disallow allows everything, so it adds no rule.
    if (value === '') {
      continue;
    }
    const rule = { allow: field === 'allow', pattern: value, matcher: compilePattern(value) };
    if (groupAgents.includes(token)) {
      ownRules.push(rule);
    }
    if (groupAgents.includes('*')) {
      wildcardRules.push(rule);
    }
  }

  return ownRules.length > 0 ? ownRules : wildcardRules;
}

/**
 * Reports whether `pathWithQuery` may be crawled. The longest matching pattern wins and Allow
 * wins a tie, as in RFC 9309. `/robots.txt` itself is always allowed.
 */
export function isPathAllowed(rules: RobotsRule[], pathWithQuery: string): boolean {
  if (pathWithQuery === '/robots.txt') {
    return true;
  }

  let best: RobotsRule | undefined;
  for (const rule of rules) {
    if (!rule.matcher.test(pathWithQuery)) {
      continue;
    }
    const longer = !best || rule.pattern.length > best.pattern.length;
    const tieWonByAllow = best && rule.pattern.length === best.pattern.length && rule.allow;
    if (longer || tieWonByAllow) {
      best = rule;
    }
  }
  return best?.allow ?? true;
}

/** Turns a robots.txt path pattern (with `*` and a trailing `$`) into an anchored RegExp. */
function compilePattern(pattern: string): RegExp {
  const anchored = pattern.endsWith('$');
  const body = anchored ? pattern.slice(0, -1) : pattern;
  const escaped = body
    .split('*')
    .map((part) => normalizePercentEncoding(part).replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${escaped}${anchored ? '$' : ''}`);
}

/** Makes `/caf%c3%a9` and `/café` compare equal, as URLs reach us percent-encoded. */
function normalizePercentEncoding(path: string): string {
  try {
    return encodeURI(decodeURI(path));
  } catch {
    return path;
  }
}

/** Fetches one origin's robots.txt; the page fetcher supplies it so robots use the same guards. */
export type RobotsFileLoader = (origin: string, signal: AbortSignal) => Promise<RobotsFile>;

/** Decides whether URLs may be fetched, caching each origin's robots.txt for `ttlMs`. */
export class RobotsGate {
  private readonly cache: LRUCache<string, RobotsRule[] | { disallowAll: string }>;
  private readonly pending = new Map<string, Promise<RobotsRule[] | { disallowAll: string }>>();

  constructor(
    private readonly loadRobotsFile: RobotsFileLoader,
    private readonly productToken: string,
    ttlMs: number = 60 * 60 * 1000,
  ) {
    this.cache = new LRUCache({ max: 500, ttl: ttlMs });
  }

  /** Returns undefined when `url` may be fetched, else the reason it may not. */
  async disallowReason(url: URL, signal: AbortSignal): Promise<string | undefined> {
    const pathWithQuery = normalizePercentEncoding(`${url.pathname}${url.search}`);
    const policy = await this.policyFor(url.origin, signal);

    if (!Array.isArray(policy)) {
      return policy.disallowAll;
    }
    return isPathAllowed(policy, pathWithQuery)
      ? undefined
      : `robots.txt of ${url.host} disallows ${url.pathname}`;
  }

  private async policyFor(
    origin: string,
    signal: AbortSignal,
  ): Promise<RobotsRule[] | { disallowAll: string }> {
    const cached = this.cache.get(origin);
    if (cached) {
      return cached;
    }
    // Concurrent lookups on one origin share a single robots.txt request.
    // NOTE: the request runs under the first caller's signal, so if that caller aborts, the
    // callers sharing it fail too instead of fetching robots.txt again.
    let pending = this.pending.get(origin);
    if (!pending) {
      pending = this.loadPolicy(origin, signal).finally(() => this.pending.delete(origin));
      this.pending.set(origin, pending);
    }
    return pending;
  }

  private async loadPolicy(
    origin: string,
    signal: AbortSignal,
  ): Promise<RobotsRule[] | { disallowAll: string }> {
    const file = await this.loadRobotsFile(origin, signal);
    const policy =
      file.kind === 'rules'
        ? parseRobots(file.body, this.productToken)
        : file.kind === 'allow-all'
          ? []
          : { disallowAll: file.reason };
    // A server error may be brief, so its complete disallow is kept for minutes, not the hour.
    const ttl = file.kind === 'disallow-all' ? 5 * 60 * 1000 : undefined;
    this.cache.set(origin, policy, { ttl });
    return policy;
  }
}
