import { describe, expect, it } from 'vitest';

import { hostTableView, tablePort } from './hostTableText';

describe('"Host a table from this laptop"', () => {
  it('offers the desktop app a button, on the port of the relay it already hosts', () => {
    expect(hostTableView(true, { hosting: true, url: 'ws://127.0.0.1:4500' })).toEqual({
      kind: 'offer',
      hint: 'Office colleagues then sync through this laptop (port 4500); any member can bring a workspace to it.',
    });
    expect(tablePort({ hosting: false, configuredUrl: 'ws://10.0.0.2:4444' })).toBe(4444);
    expect(tablePort(null)).toBe(4444);
  });

  it('gives the addresses colleagues type once it hosts for the LAN', () => {
    const status = {
      hosting: true as const,
      url: 'ws://0.0.0.0:4444',
      addresses: ['ws://192.168.1.20:4444', 'ws://10.0.0.7:4444'],
    };
    expect(hostTableView(true, status)).toEqual({
      kind: 'hosting',
      text: "Hosting a table: office colleagues set their workspace's relay to ws://192.168.1.20:4444 or ws://10.0.0.7:4444",
    });
    expect(hostTableView(true, { ...status, addresses: [] }).kind).toBe('hosting');
  });

  it('tells a browser how: npm run relay, and the port', () => {
    const view = hostTableView(false, { hosting: true, url: 'ws://127.0.0.1:4392' });
    expect(view).toEqual({
      kind: 'how',
      text:
        'To host a table from this laptop, run `npm run relay -- --host 0.0.0.0 --port 4392 --data DIR` in a terminal ' +
        "here, and give office colleagues ws://<this laptop's address>:4392.",
    });
  });
});
