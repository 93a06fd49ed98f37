import { describe, expect, it } from 'vitest';

import { generateIdentity, initCrypto, NONCE_BYTES, randomBytes, toBase64Url, utf8 } from '../crypto';
import { BundleRefused, BUNDLE_VERSION, DAMAGED, openBundle, padmeLength, sealBundle, SLOT_BYTES } from './index';

await initCrypto();

const exporter = generateIdentity();
const reader = generateIdentity();
const stranger = generateIdentity();
const WS = toBase64Url(randomBytes(16));

const marker = (what: string) => `${what}-${toBase64Url(randomBytes(9))}`;
const bundleOf = (sections: Array<{ room: string; data: Uint8Array }>, recipients = [reader, exporter]) =>
  sealBundle(
    { kind: 'bundle', workspaceId: WS, sections },
    exporter,
    recipients.map((r) => r.boxPublicKey),
  );

/** The one line a refusal says, or null if it opened. */
function refusal(file: Uint8Array, who = reader): string | null {
  try {
    openBundle(file, who);
    return null;
  } catch (e) {
    expect(e).toBeInstanceOf(BundleRefused);
    expect((e as Error).message).not.toMatch(/\n/);
    return (e as Error).message;
  }
}

describe('the bundle container (shared/bundles)', () => {
  it('round-trips: every recipient opens the same signed sections', () => {
    const sections = [
      { room: '', data: randomBytes(300) },
      { room: 'core-room-id', data: randomBytes(5000) },
    ];
    const file = bundleOf(sections);
    for (const who of [reader, exporter]) {
      const opened = openBundle(file, who);
      expect(opened).toMatchObject({ kind: 'bundle', workspaceId: WS, sections });
      expect(opened.exporter).toEqual(exporter.signPublicKey);
      expect(opened.bundleId).toHaveLength(16);
    }
    expect(file[4]).toBe(BUNDLE_VERSION);
  });

  it('is not addressed to someone else', () => {
    expect(refusal(bundleOf([]), stranger)).toBe('this bundle is not addressed to you (or it is damaged)');
  });

  it('refuses a truncated file at every region, with one line', () => {
    const file = bundleOf([{ room: '', data: randomBytes(2000) }]);
    for (const at of [0, 3, 5, 7, 7 + SLOT_BYTES, 7 + 4 * SLOT_BYTES + 10, file.length - 4000, file.length - 1])
      expect(refusal(file.subarray(0, at)), `cut at ${at}`).toMatch(/damaged|not a Unity Table bundle/);
  });

  it('refuses a bit flipped in every region, and trailing bytes', () => {
    const file = bundleOf([{ room: '', data: randomBytes(2000) }]);
    const headerEnd = 7 + 4 * SLOT_BYTES + NONCE_BYTES;
    const places = {
      magic: 1,
      version: 4,
      slotCount: 5,
      slots: [7, 7 + SLOT_BYTES, 7 + 2 * SLOT_BYTES, 7 + 3 * SLOT_BYTES + 40],
      nonce: headerEnd - 3,
      body: [headerEnd, headerEnd + 100, file.length - 20, file.length - 1],
    };
    for (const at of Object.values(places).flat()) {
      const flipped = file.slice();
      flipped[at]! ^= 0x01;
      expect(refusal(flipped), `flip at ${at}`).not.toBeNull();
    }
    expect(refusal(file)).toBeNull();
    expect(refusal(new Uint8Array([...file, 0]))).toBe(DAMAGED);
  });

  it('says what is wrong with a foreign file or another version', () => {
    expect(refusal(utf8('PK\u0003\u0004 a zip file, not a bundle'))).toBe('this file is not a Unity Table bundle');
    const other = bundleOf([]).slice();
    other[4] = 2;
    expect(refusal(other)).toBe('this bundle is in format version 2; this Unity Table reads version 1');
  });

  it('refuses a recipient’s re-sealing of the signed inner for others (the signature covers the header)', () => {
    // A recipient who opened the bundle cannot re-seal its content under new slots: the exporter's
    // signature covers the header bytes, slots included. Here a file with a swapped slot stands in.
    const file = bundleOf([{ room: '', data: randomBytes(10) }], [reader]);
    const swapped = file.slice();
    const slot = sealBundle({ kind: 'bundle', workspaceId: WS, sections: [] }, exporter, [stranger.boxPublicKey]);
    swapped.set(slot.subarray(7, 7 + SLOT_BYTES), 7);
    // The header is the AEAD's associated data too: it fails to open rather than reach the signature.
    expect(refusal(swapped)).not.toBeNull();
  });

  it('pads: slots to a power of two (at least 4) and small contents to one size', () => {
    const a = bundleOf([{ room: '', data: randomBytes(10) }], [reader]);
    const b = bundleOf([{ room: '', data: randomBytes(2500) }], [reader, exporter, stranger]);
    expect(a.length).toBe(b.length);
    expect(a[5]).toBe(4);
    const five = [reader, exporter, stranger, generateIdentity(), generateIdentity()];
    expect(bundleOf([], five)[5]).toBe(8);
    expect(padmeLength(100, 4096)).toBe(4096);
    expect(padmeLength(5000, 4096)).toBe(5120);
    expect(padmeLength(1_000_001, 4096)).toBeLessThan(1_000_001 * 1.12);
  });

  it('leaks nothing in clear: no marker, name, workspace id or member key in the bytes', () => {
    const secrets = [marker('OrgName'), marker('Member Name'), marker('note text')];
    const sections = [{ room: '', data: utf8(secrets.join(' ')) }];
    for (const kind of ['bundle', 'state'] as const) {
      const file = sealBundle({ kind, workspaceId: WS, sections }, exporter, [reader.boxPublicKey]);
      const text = Buffer.from(file).toString('latin1');
      for (const s of [...secrets, WS]) expect(text).not.toContain(s);
      for (const key of [exporter.signPublicKey, reader.boxPublicKey, reader.signPublicKey])
        expect(Buffer.from(file).indexOf(Buffer.from(key))).toBe(-1);
    }
  });
});
