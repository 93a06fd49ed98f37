import { describe, expect, it } from 'vitest';

import { parseRelayAddress } from './relayAddress';

describe('a workspace relay address, as typed', () => {
  it('takes ws:// and wss:// addresses, tidied', () => {
    expect(parseRelayAddress(' ws://10.0.0.5:4444/ ')).toEqual({ ok: true, url: 'ws://10.0.0.5:4444' });
    expect(parseRelayAddress('wss://relay.example')).toEqual({ ok: true, url: 'wss://relay.example' });
    expect(parseRelayAddress('ws://[::1]:4444')).toEqual({ ok: true, url: 'ws://[::1]:4444' });
  });

  it('refuses anything else with a sentence', () => {
    expect(parseRelayAddress('relay.example:4444')).toEqual({
      ok: false,
      problem: 'a relay address starts with ws:// (or wss:// for one behind TLS)',
    });
    expect(parseRelayAddress('http://10.0.0.5:4444')).toMatchObject({ ok: false });
    expect(parseRelayAddress('10.0.0.5:4444')).toMatchObject({ ok: false });
    expect(parseRelayAddress('office relay')).toEqual({
      ok: false,
      problem: '"office relay" is not an address: a relay\'s looks like ws://10.0.0.5:4444',
    });
    expect(parseRelayAddress('ws://10.0.0.5:4444/rooms')).toEqual({
      ok: false,
      problem: 'a relay address is ws://host:port, with nothing after it',
    });
    expect(parseRelayAddress('ws://10.0.0.5:4444?x=1')).toMatchObject({ ok: false });
  });
});
