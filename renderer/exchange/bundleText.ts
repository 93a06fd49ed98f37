import type { BundleExport, BundleImport, BundleProgress } from '../../shared/workspace';

/** What each phase of a bundle's making or reading is called on screen, and whether it counts bytes. */
const PHASES: Record<BundleProgress['phase'], { label: string; bytes: boolean }> = {
  reading: { label: 'Reading the file', bytes: true },
  checking: { label: 'Checking envelopes', bytes: false },
  applying: { label: 'Applying envelopes', bytes: false },
  storing: { label: 'Storing envelopes', bytes: false },
  sealing: { label: 'Sealing the file', bytes: true },
};

/** Grouped the same way on every machine, so a screenshot from the field reads as one from headquarters. */
export const formatCount = (n: number): string => n.toLocaleString('en-US');

/** "1 envelope", "4,210 envelopes". */
export const plural = (n: number, one: string, many = `${one}s`): string => `${formatCount(n)} ${n === 1 ? one : many}`;

/** Sizes as a person reads them: "812 bytes", "12.3 kB", "4.5 MB" (powers of 1,000, as file managers show). */
export function formatBytes(n: number): string {
  if (n < 1000) return plural(n, 'byte');
  const units = ['kB', 'MB', 'GB'];
  let value = n / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** "Checking envelopes: 4,210 of 10,000"; the byte-counting phases say sizes. */
export function progressText(p: BundleProgress): string {
  const { label, bytes } = PHASES[p.phase];
  const show = bytes ? formatBytes : formatCount;
  return `${label}: ${show(p.done)} of ${show(p.total)}`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A local date and time, "2026-12-01 14:03": the form the API's refusals use too. */
export function formatWhen(ms: number): string {
  const d = new Date(ms);
  // The exporter's clock is its own to set: a time no date can hold is said, not printed as NaN.
  if (Number.isNaN(d.getTime())) return 'at an impossible time';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * The name a bundle or state file is offered under: `unity-table-<workspace title>-<date>.utbundle`. The
 * title keeps letters and digits of any script; the rest becomes '-', as file systems on sticks differ.
 */
export function bundleFileName(title: string, at: Date, kind: 'utbundle' | 'utstate'): string {
  const slug =
    title
      .normalize('NFC')
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60)
      .replace(/-+$/, '') || 'workspace';
  const date = `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
  return `unity-table-${slug}-${date}.${kind}`;
}

/** "12 new envelopes, 3 already here, 1 rejected": what an import did, in one line. */
export function importCountsText(result: Pick<BundleImport, 'new' | 'duplicates' | 'rejected'>): string {
  return [
    plural(result.new, 'new envelope'),
    `${formatCount(result.duplicates)} already here`,
    `${formatCount(result.rejected)} rejected`,
  ].join(', ');
}

/** A note's id from its document's (`note-<id>`, shared/notes' noteDocId); an id without the prefix as is. */
export const noteIdOfDoc = (docId: string): string => (docId.startsWith('note-') ? docId.slice('note-'.length) : docId);

/**
 * What an export made, line by line: the file and its size and envelopes, the compartments it carries, and
 * whom it is sealed for (only they can open it; anyone else holding the stick reads nothing).
 */
export function exportSummaryLines(
  fileName: string,
  made: Pick<BundleExport, 'bytes' | 'envelopes' | 'compartments' | 'recipients'>,
  titleOf: (compartmentId: string) => string,
  nameOf: (memberId: string) => string,
): string[] {
  return [
    `Saved ${fileName}: ${formatBytes(made.bytes)}, ${plural(made.envelopes, 'envelope')}.`,
    `Carries ${plural(made.compartments.length, 'compartment')}: ${made.compartments.map(titleOf).join(', ')}.`,
    `Sealed for ${plural(made.recipients.length, 'person', 'people')}: ${made.recipients.map(nameOf).join(', ')}.`,
  ];
}
