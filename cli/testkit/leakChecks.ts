import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';

/** Every byte of every file under `dir`: what a profile keeps on disk. */
export function filesUnder(dir: string): Buffer {
  const out: Buffer[] = [];
  const walk = (d: string): void => {
    for (const f of readdirSync(d, { withFileTypes: true }))
      if (f.isDirectory()) walk(join(d, f.name));
      else out.push(readFileSync(join(d, f.name)));
  };
  walk(dir);
  return Buffer.concat(out);
}

/** What a partner saw: the frames on its wire, its files on disk, and what it exports once opened. */
export interface PartnerSight {
  frames: Buffer;
  files: Buffer;
  exported: string;
}

/**
 * No `secret` marker crosses the partner's wire, lands in its files or shows in its export. Controls: each
 * `control` marker reaches the partner (sealed on the wire and on disk, so found only in the export), and
 * the released content room's name (`room`) crosses the wire in clear, as protocol.md says.
 */
export function expectNoLeak(
  seen: PartnerSight,
  secret: Record<string, string>,
  control: Record<string, string>,
  room: string,
): void {
  const { frames, files, exported } = seen;
  for (const m of Object.values(secret)) {
    expect(frames.includes(m), `${m} in a frame`).toBe(false);
    expect(files.includes(m), `${m} in a file`).toBe(false);
    expect(exported.includes(m), `${m} in the export`).toBe(false);
  }
  for (const m of Object.values(control)) expect(exported.includes(m), `${m} in the export`).toBe(true);
  expect(frames.length).toBeGreaterThan(0);
  expect(frames.includes(room)).toBe(true);
}
