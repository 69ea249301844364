import net from 'node:net';

/**
 * IPv4 ranges a server-side fetch must never reach: special-purpose addresses that are not on
 * the public internet, and addresses that front cloud metadata services.
 */
const blockedIpv4Ranges: Array<[network: string, prefix: number, reason: string]> = [
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'carrier-grade NAT'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local (cloud metadata)'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'IETF protocol assignments'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.88.99.0', 24, '6to4 relay'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
  // Azure's wire server serves metadata to virtual machines on this public address.
  ['168.63.129.16', 32, 'cloud metadata'],
];

const blockedIpv6Ranges: Array<[network: string, prefix: number, reason: string]> = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['64:ff9b:1::', 48, 'local-use NAT64'],
  ['100::', 64, 'discard-only'],
  ['2001:db8::', 32, 'documentation'],
  ['fc00::', 7, 'unique local (private)'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'site-local'],
  ['ff00::', 8, 'multicast'],
];

const ipv4Rules = buildRules(blockedIpv4Ranges, 'ipv4');
const ipv6Rules = buildRules(blockedIpv6Ranges, 'ipv6');

function buildRules(
  ranges: Array<[string, number, string]>,
  family: 'ipv4' | 'ipv6',
): Array<{ list: net.BlockList; reason: string }> {
  return ranges.map(([network, prefix, reason]) => {
    const list = new net.BlockList();
    list.addSubnet(network, prefix, family);
    return { list, reason };
  });
}

/**
 * Returns why an IP address must not be fetched from (such as `loopback` or `private`), or
 * undefined when it is a public unicast address. Text that is not an IP address is blocked.
 */
export function blockedAddressReason(address: string): string | undefined {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const family = net.isIP(bare);

  if (family === 4) {
    return matchRule(ipv4Rules, bare, 'ipv4');
  }
  if (family !== 6) {
    return 'not an IP address';
  }

  const groups = parseIpv6Groups(bare);
  if (!groups) {
    return 'not an IP address';
  }
  const canonical = groups.map((group) => group.toString(16)).join(':');
  const ipv6Reason = matchRule(ipv6Rules, canonical, 'ipv6');
  if (ipv6Reason) {
    return ipv6Reason;
  }

  // An IPv6 address that carries an IPv4 address inside can still reach that IPv4 host, so
  // the embedded address gets the IPv4 check.
  const embedded = embeddedIpv4(groups);
  return embedded ? matchRule(ipv4Rules, embedded, 'ipv4') : undefined;
}

/** Reports whether a fetch to this IP address must be rejected; see `blockedAddressReason`. */
export function isBlockedAddress(address: string): boolean {
  return blockedAddressReason(address) !== undefined;
}

function matchRule(
  rules: Array<{ list: net.BlockList; reason: string }>,
  address: string,
  family: 'ipv4' | 'ipv6',
): string | undefined {
  return rules.find((rule) => rule.list.check(address, family))?.reason;
}

/** Expands an IPv6 address (with `::` and an optional dotted IPv4 tail) to eight 16-bit groups. */
function parseIpv6Groups(address: string): number[] | undefined {
  let text = address.toLowerCase();

  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const octets = dotted[1].split('.').map(Number);
    const high = ((octets[0] << 8) | octets[1]).toString(16);
    const low = ((octets[2] << 8) | octets[3]).toString(16);
    text = `${text.slice(0, dotted.index)}${high}:${low}`;
  }

  const [head, tail] = text.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const missing = 8 - headGroups.length - tailGroups.length;
  if (text.includes('::') ? missing < 0 : missing !== 0) {
    return undefined;
  }

  const groups = [...headGroups, ...Array<string>(missing).fill('0'), ...tailGroups].map((group) =>
    Number.parseInt(group, 16),
  );
  return groups.every((group) => Number.isInteger(group) && group >= 0 && group <= 0xffff)
    ? groups
    : undefined;
}

/**
 * Finds an IPv4 address carried inside an IPv6 one: IPv4-mapped (::ffff:0:0/96),
 * IPv4-compatible (::/96), NAT64 (64:ff9b::/96) and 6to4 (2002::/16).
 */
function embeddedIpv4(groups: number[]): string | undefined {
  const firstFiveZero = groups.slice(0, 5).every((group) => group === 0);
  const isMapped = firstFiveZero && groups[5] === 0xffff;
  const isCompatible = firstFiveZero && groups[5] === 0;
  const isNat64 = groups[0] === 0x64 && groups[1] === 0xff9b && groups.slice(2, 6).every((g) => !g);

  if (isMapped || isCompatible || isNat64) {
    return toDottedQuad(groups[6], groups[7]);
  }
  if (groups[0] === 0x2002) {
    return toDottedQuad(groups[1], groups[2]);
  }
  return undefined;
}

function toDottedQuad(high: number, low: number): string {
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
}
