import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A PDF's text as `pdftotext -layout` (Debian's poppler-utils, installed by .ci/run) reads it, pages
 * separated by form feeds. For tests: it throws when pdftotext is missing, so a test fails, never skips.
 */
export function pdfText(bytes: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'ut-pdf-'));
  try {
    const file = join(dir, 'doc.pdf');
    writeFileSync(file, bytes);
    try {
      return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    } catch (e) {
      throw new Error(`pdftotext failed (install poppler-utils): ${(e as Error).message}`, { cause: e });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The text of each page (pdftotext ends each page with a form feed). */
export const pdfPages = (text: string): string[] => text.split('\f').filter((p) => p.trim() !== '');
