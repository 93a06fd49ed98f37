/**
 * A relay address as a person types it, checked before a workspace is pointed at it: `ws://` or
 * `wss://`, a host, an optional port and nothing after (a room is the first path segment, so a
 * relay cannot sit under a path). The address, tidied, or the sentence that says what is wrong.
 */
export function parseRelayAddress(text: string): { ok: true; url: string } | { ok: false; problem: string } {
  const typed = text.trim();
  let url: URL;
  try {
    url = new URL(typed);
  } catch {
    return { ok: false, problem: `"${typed}" is not an address: a relay's looks like ws://10.0.0.5:4444` };
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:')
    return { ok: false, problem: 'a relay address starts with ws:// (or wss:// for one behind TLS)' };
  if (!url.hostname) return { ok: false, problem: 'this relay address names no host' };
  if (url.pathname.replace(/\/+$/, '') !== '' || url.search || url.hash || url.username)
    return { ok: false, problem: 'a relay address is ws://host:port, with nothing after it' };
  return { ok: true, url: `${url.protocol}//${url.host}` };
}
