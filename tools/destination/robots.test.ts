import { describe, expect, it } from 'vitest';
import { isPathAllowed, parseRobots, RobotsGate, type RobotsFile } from './robots.js';

describe('parseRobots', () => {
  const body = [
    '# comment line',
    'User-agent: *',
    'Disallow: /private/',
    'Allow: /private/open',
    'Disallow: /*.pdf$',
    '',
    'User-agent: TravelAgentServer',
    'User-agent: OtherBot',
    'Disallow: /no-travel-agents',
  ].join('\n');

  it('uses the group naming our product token', () => {
    const rules = parseRobots(body, 'TravelAgentServer');
    expect(isPathAllowed(rules, '/no-travel-agents')).toBe(false);
    // Our own group replaces the * group entirely.
    expect(isPathAllowed(rules, '/private/page')).toBe(true);
  });

  it('matches the product token whole', () => {
    const rules = parseRobots('User-agent: Travel\nDisallow: /\n', 'TravelAgentServer');
    expect(isPathAllowed(rules, '/page')).toBe(true);
    const versioned = parseRobots(
      'User-agent: travelagentserver/2\nDisallow: /\n',
      'TravelAgentServer',
    );
    expect(isPathAllowed(versioned, '/page')).toBe(false);
  });

  it('falls back to the * group', () => {
    const rules = parseRobots(body, 'SomeCrawler');
    expect(isPathAllowed(rules, '/private/page')).toBe(false);
    expect(isPathAllowed(rules, '/no-travel-agents')).toBe(true);
  });

  it('lets the longest match win', () => {
    const rules = parseRobots(body, 'SomeCrawler');
    expect(isPathAllowed(rules, '/private/open/page')).toBe(true);
  });

  it('supports wildcards and end anchors', () => {
    const rules = parseRobots(body, 'SomeCrawler');
    expect(isPathAllowed(rules, '/guides/lisbon.pdf')).toBe(false);
    expect(isPathAllowed(rules, '/guides/lisbon.pdf?page=2')).toBe(true);
  });

  it('treats an empty Disallow as allow all', () => {
    const rules = parseRobots('User-agent: *\nDisallow:\n', 'SomeCrawler');
    expect(isPathAllowed(rules, '/anything')).toBe(true);
  });

  it('always allows /robots.txt', () => {
    const rules = parseRobots('User-agent: *\nDisallow: /\n', 'SomeCrawler');
    expect(isPathAllowed(rules, '/robots.txt')).toBe(true);
    expect(isPathAllowed(rules, '/')).toBe(false);
  });
});

describe('RobotsGate', () => {
  it('loads robots.txt once per origin', async () => {
    const loaded: string[] = [];
    const gate = new RobotsGate(async (origin): Promise<RobotsFile> => {
      loaded.push(origin);
      return { kind: 'rules', body: 'User-agent: *\nDisallow: /private/\n' };
    }, 'TravelAgentServer');
    const signal = new AbortController().signal;

    expect(await gate.disallowReason(new URL('http://a.test/private/x'), signal)).toMatch(
      /disallows \/private\/x/,
    );
    expect(await gate.disallowReason(new URL('http://a.test/public'), signal)).toBeUndefined();
    expect(await gate.disallowReason(new URL('http://b.test/public'), signal)).toBeUndefined();
    expect(loaded).toEqual(['http://a.test', 'http://b.test']);
  });

  it('disallows everything after a server error', async () => {
    const gate = new RobotsGate(
      async (): Promise<RobotsFile> => ({
        kind: 'disallow-all',
        reason: 'robots.txt returned 503',
      }),
      'TravelAgentServer',
    );
    const reason = await gate.disallowReason(
      new URL('http://a.test/'),
      new AbortController().signal,
    );
    expect(reason).toBe('robots.txt returned 503');
  });
});
