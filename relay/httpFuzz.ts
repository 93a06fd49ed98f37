import { connect } from 'node:net';

import * as prng from 'lib0/prng';

/**
 * Random HTTP and WebSocket-upgrade requests over raw TCP, for fuzz tests of any server that must
 * survive whatever arrives on its port (the relay, the browser host). Seeded with lib0's prng.
 */
const TARGETS = [
  '/%',
  '/%zz',
  '/%E0%A4%A',
  'http://[',
  'http://[::1',
  'http://relay/%',
  'https://x:99999/',
  '//',
  '*',
  '',
  '/health',
  '/health/%',
  '/?m=%&t=%',
  '/AAAAAAAAAAAAAAAAAAAAAA?m=%ZZ&t=1&n=%&s=%',
  '/AAAAAAAAAAAAAAAAAAAAAA/%/%',
  '/AAAAAAAAAAAAAAAAAAAAAA/roster',
  '/AAAAAAAAAAAAAAAAAAAAAA/roster?m=%&t=1&n=%&s=%',
  '/AAAAAAAAAAAAAAAAAAAAAA/roster/%',
  '/\u0000',
  '/a b',
  'ws://[fe80::1%25eth0]/',
];
const METHODS = ['GET', 'POST', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'CONNECT', 'BREW', 'G\u00c9T', ''];
const VERSIONS = ['HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/9', '', 'HTTP/1.1 extra'];

function randomTarget(gen: prng.PRNG): string {
  const base = prng.oneOf(gen, TARGETS);
  switch (prng.int32(gen, 0, 3)) {
    case 0:
      return base;
    case 1:
      return base + prng.word(gen, 0, 12).replace(/[a-f]/g, '%');
    case 2:
      return `/${'x'.repeat(prng.int32(gen, 0, 9000))}`;
    default:
      return `${base}?${prng.word(gen, 1, 8)}=${prng.oneOf(gen, ['%', '%00', '[', '\u00ff', 'a'])}`;
  }
}

function randomHeaders(gen: prng.PRNG): string[] {
  const headers: string[] = [];
  if (prng.bool(gen)) headers.push(`Host: ${prng.oneOf(gen, ['127.0.0.1', '[', '%', '', 'a:b:c'])}`);
  if (prng.bool(gen)) {
    headers.push(`Upgrade: ${prng.oneOf(gen, ['websocket', 'WebSocket', 'h2c', '', '%'])}`);
    headers.push(`Connection: ${prng.oneOf(gen, ['Upgrade', 'upgrade, keep-alive', 'close', ''])}`);
    if (prng.bool(gen)) headers.push(`Sec-WebSocket-Key: ${prng.oneOf(gen, ['dGhlIHNhbXBsZSBub25jZQ==', '', '%%'])}`);
    if (prng.bool(gen)) headers.push(`Sec-WebSocket-Version: ${prng.oneOf(gen, ['13', '8', 'x', ''])}`);
    if (prng.bool(gen)) headers.push(`Sec-WebSocket-Extensions: ${prng.oneOf(gen, ['permessage-deflate; =', ';;;'])}`);
  }
  if (prng.bool(gen)) headers.push(`Content-Length: ${prng.oneOf(gen, ['0', '5', '-1', '99999999999', 'x'])}`);
  if (prng.bool(gen)) headers.push(`Transfer-Encoding: ${prng.oneOf(gen, ['chunked', 'gzip, chunked', 'x'])}`);
  for (let i = prng.int32(gen, 0, 3); i > 0; i--) headers.push(`${prng.word(gen, 0, 10)}: ${prng.word(gen, 0, 30)}`);
  return headers;
}

export function randomRequest(gen: prng.PRNG): Buffer {
  if (prng.int32(gen, 0, 9) === 0) return Buffer.from(prng.uint8Array(gen, prng.int32(gen, 1, 2000)));
  const line = `${prng.oneOf(gen, METHODS)} ${randomTarget(gen)} ${prng.oneOf(gen, VERSIONS)}`;
  let text = `${line}\r\n${randomHeaders(gen).join('\r\n')}\r\n\r\n`;
  if (prng.int32(gen, 0, 4) === 0) text = text.slice(0, prng.int32(gen, 0, text.length));
  return Buffer.from(text, 'latin1');
}

/** Sends raw bytes and waits for the relay to answer or hang up (or gives up after a short while). */
export function send(port: number, bytes: Buffer): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const done = (): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve();
    };
    const timer = setTimeout(done, 300);
    socket.on('error', done);
    socket.on('close', done);
    socket.on('data', () => {});
    socket.write(bytes, () => {});
  });
}

/** One raw request, `GET target`; resolves with everything the server answered before hanging up. */
export function rawGet(port: number, target: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    socket.on('data', (d: Buffer) => (text += d.toString()));
    socket.on('close', () => resolve(text));
    socket.on('error', () => resolve(text));
    socket.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
  });
}
