import { createServer, Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A loopback TCP proxy in front of the relay that records both directions, and decodes the
 * WebSocket frames in them — unmasking what clients send, as an eavesdropper on the LAN could —
 * so a test can look for plaintext in exactly what crossed the wire.
 */
export async function wireCapture(targetPort: number): Promise<{
  url: string;
  /** HTTP upgrade requests/responses and every frame payload, unmasked. */
  payloads(): Buffer[];
  close(): Promise<void>;
}> {
  const streams: Array<{ fromClient: boolean; chunks: Buffer[] }> = [];
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = new Socket();
    const up = { fromClient: true, chunks: [] as Buffer[] };
    const down = { fromClient: false, chunks: [] as Buffer[] };
    streams.push(up, down);
    sockets.add(client).add(upstream);
    upstream.connect(targetPort, '127.0.0.1');
    client.on('data', (d: Buffer) => {
      up.chunks.push(d);
      upstream.write(d);
    });
    upstream.on('data', (d: Buffer) => {
      down.chunks.push(d);
      client.write(d);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}`,
    payloads: () => streams.flatMap((s) => decodeStream(Buffer.concat(s.chunks))),
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Splits one direction of a connection into its HTTP head and its WebSocket frames' payloads. */
export function decodeStream(data: Buffer): Buffer[] {
  const headEnd = data.indexOf('\r\n\r\n');
  if (headEnd < 0) return [data];
  const out = [data.subarray(0, headEnd + 4)];
  let at = headEnd + 4;
  while (at + 2 <= data.length) {
    const b1 = data[at + 1]!;
    let length = b1 & 0x7f;
    let p = at + 2;
    if (length === 126) {
      length = data.readUInt16BE(p);
      p += 2;
    } else if (length === 127) {
      length = Number(data.readBigUInt64BE(p));
      p += 8;
    }
    const masked = (b1 & 0x80) !== 0;
    const mask = masked ? data.subarray(p, p + 4) : null;
    if (masked) p += 4;
    if (p + length > data.length) {
      out.push(data.subarray(at)); // a torn last frame: keep its raw bytes
      break;
    }
    const payload = Buffer.from(data.subarray(p, p + length));
    if (mask) for (let i = 0; i < payload.length; i++) payload[i] = payload[i]! ^ mask[i % 4]!;
    out.push(payload);
    at = p + length;
  }
  return out;
}
