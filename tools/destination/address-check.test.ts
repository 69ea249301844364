import { describe, expect, it } from 'vitest';
import { blockedAddressReason, isBlockedAddress } from './address-check.js';

describe('isBlockedAddress', () => {
  const blocked = [
    '10.0.0.1',
    '169.254.169.254',
    '::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    'fd00::1',
    '100.64.0.1',
    '127.0.0.1',
    '127.255.255.254',
    '0.0.0.0',
    '172.16.5.4',
    '172.31.255.255',
    '192.168.1.1',
    '224.0.0.1',
    '255.255.255.255',
    '::',
    'fe80::1',
    'fe80::1%eth0',
    'ff02::1',
    'fd00:ec2::254',
    '::ffff:169.254.169.254',
    '::ffff:10.0.0.1',
    '::10.0.0.1',
    '64:ff9b::a00:1',
    '2002:7f00:1::',
    '[::1]',
    'localhost',
    'not-an-address',
  ];
  for (const address of blocked) {
    it(`blocks ${address}`, () => {
      expect(isBlockedAddress(address)).toBe(true);
    });
  }

  const allowed = [
    '93.184.216.34',
    '8.8.8.8',
    '172.32.0.1',
    '100.128.0.1',
    '2606:4700::1111',
    '::ffff:93.184.216.34',
  ];
  for (const address of allowed) {
    it(`allows public ${address}`, () => {
      expect(isBlockedAddress(address)).toBe(false);
    });
  }

  it('names the reason for a blocked address', () => {
    expect(blockedAddressReason('127.0.0.1')).toBe('loopback');
    expect(blockedAddressReason('169.254.169.254')).toMatch(/metadata/);
    expect(blockedAddressReason('100.64.0.1')).toBe('carrier-grade NAT');
    expect(blockedAddressReason('::ffff:127.0.0.1')).toBe('loopback');
  });
});
