import type { NetworkInterfaceInfo } from 'node:os';

import { describe, expect, it } from 'vitest';

import { lanAddresses } from './lanAddresses';

const nic = (address: string, family: 'IPv4' | 'IPv6', internal = false): NetworkInterfaceInfo => ({
  address,
  family,
  internal,
  netmask: '',
  mac: '',
  cidr: null,
  scopeid: 0,
});

describe('the addresses a hosted table is given out at', () => {
  it('lists every external IPv4 address with the port, and no loopback or IPv6', () => {
    const interfaces = {
      lo: [nic('127.0.0.1', 'IPv4', true), nic('::1', 'IPv6', true)],
      eth0: [nic('192.168.1.20', 'IPv4'), nic('fe80::1', 'IPv6')],
      wlan0: [nic('10.0.0.7', 'IPv4')],
      down: undefined,
    };
    expect(lanAddresses(interfaces, 4444)).toEqual(['ws://192.168.1.20:4444', 'ws://10.0.0.7:4444']);
  });

  it('lists nothing on a machine with no network', () => {
    expect(lanAddresses({ lo: [nic('127.0.0.1', 'IPv4', true)] }, 4444)).toEqual([]);
  });
});
