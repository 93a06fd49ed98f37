import type { NetworkInterfaceInfo } from 'node:os';

/**
 * The addresses other computers on the network reach a relay on `port` at: every non-internal
 * IPv4 address of this machine (IPv6 link-local addresses need a zone a colleague cannot type).
 * What the desktop app shows after "Host a table from this laptop" (ADR 0014).
 */
export function lanAddresses(interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>, port: number): string[] {
  return Object.values(interfaces)
    .flatMap((list) => list ?? [])
    .filter((i) => i.family === 'IPv4' && !i.internal)
    .map((i) => `ws://${i.address}:${port}`);
}
