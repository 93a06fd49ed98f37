import * as Y from 'yjs';

// Bundled into the page by pageKitBundle.ts (never imported by Node code): the plain baselines of
// P3's open, measured in the same page as the app, on the page's own clock. The Node-only type
// check knows no DOM: what these touch is declared here.
interface PageSocket {
  binaryType: string;
  onmessage: ((event: { data: ArrayBuffer }) => void) | null;
  onerror: (() => void) | null;
  close(): void;
}
interface PageGlobal {
  WebSocket: new (url: string) => PageSocket;
}
const page = globalThis as unknown as PageGlobal;

/** The content's bytes as last received, for `applyPlain` (a few MiB, released with the page). */
let received: Uint8Array | null = null;

/**
 * The plain first join: connect to `url` (a bare WebSocket server that sends the content as one
 * plaintext Yjs update), receive it and apply it into a fresh Y.Doc. No decryption, no signature,
 * no store, no render: what Yjs and the wire alone cost. Resolves with the ms it took.
 */
export function joinPlain(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const socket = new page.WebSocket(url);
    socket.binaryType = 'arraybuffer';
    socket.onerror = () => reject(new Error(`the plain baseline could not reach ${url}`));
    socket.onmessage = ({ data }) => {
      received = new Uint8Array(data);
      const doc = new Y.Doc();
      Y.applyUpdate(doc, received);
      const ms = performance.now() - t0;
      doc.destroy();
      socket.close();
      resolve(ms);
    };
  });
}

/** The plain open: the received content applied into a fresh Y.Doc (the anchor), in ms. */
export function applyPlain(): number {
  if (!received) throw new Error('applyPlain before joinPlain: no content in the page');
  const t0 = performance.now();
  const doc = new Y.Doc();
  Y.applyUpdate(doc, received);
  const ms = performance.now() - t0;
  doc.destroy();
  return ms;
}

/** A Y.Doc of the received content held by `holdPlain` until `releasePlain`: Yjs's own share of the heap. */
let held: Y.Doc | null = null;

/** Applies the received content into a fresh Y.Doc and keeps it (to weigh it on the heap). */
export function holdPlain(): void {
  if (!received) throw new Error('holdPlain before joinPlain: no content in the page');
  held?.destroy();
  held = new Y.Doc();
  Y.applyUpdate(held, received);
}

export function releasePlain(): void {
  held?.destroy();
  held = null;
}
