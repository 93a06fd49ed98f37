import type { RelayStatus } from '../../shared/ipc';

/** The port a table is hosted on when this machine hosts no relay yet (the relay's default). */
export const TABLE_PORT = 4444;

/** The port to host a table on: the relay this machine already hosts keeps its port (its workspaces name it). */
export function tablePort(status: RelayStatus | null): number {
  if (!status?.hosting) return TABLE_PORT;
  const port = Number(new URL(status.url).port);
  return Number.isInteger(port) && port > 0 ? port : TABLE_PORT;
}

/** What "Host a table from this laptop" offers, or says, given where this machine stands (ADR 0014). */
export type HostTableView =
  { kind: 'offer'; hint: string } | { kind: 'hosting'; text: string } | { kind: 'how'; text: string };

/**
 * The desktop app starts its relay for the LAN itself (after the native confirmation) and then
 * gives the addresses colleagues type; a browser cannot listen, so it says how to start one.
 */
export function hostTableView(canHost: boolean, status: RelayStatus | null): HostTableView {
  if (status?.hosting && status.addresses !== undefined) {
    if (status.addresses.length === 0)
      return {
        kind: 'hosting',
        text: 'Hosting a table, but this laptop has no network address yet: connect it to the office network.',
      };
    return {
      kind: 'hosting',
      text: `Hosting a table: office colleagues set their workspace's relay to ${status.addresses.join(' or ')}`,
    };
  }
  const port = tablePort(status);
  if (canHost)
    return {
      kind: 'offer',
      hint: `Office colleagues then sync through this laptop (port ${port}); any member can bring a workspace to it.`,
    };
  return {
    kind: 'how',
    text:
      `To host a table from this laptop, run \`npm run relay -- --host 0.0.0.0 --port ${port} --data DIR\` in a ` +
      `terminal here, and give office colleagues ws://<this laptop's address>:${port}.`,
  };
}
