import type { OpenProgress } from '../../shared/workspace';
import { formatBytes, formatCount, plural } from '../exchange/bundleText';

/**
 * What an open, a join, the demo's build or a restore is doing, in one sentence: "Downloading the
 * workspace: 6.2 MB received", "Checking envelopes: 120 of 520", "Uploading to the relay: 3.1 MB of 15.6 MB".
 * Sizes as the bundle screens say them (powers of 1,000).
 */
export function openProgressText(p: OpenProgress | null): string {
  if (!p) return 'Starting…';
  switch (p.phase) {
    case 'building':
      return `Writing the demo's cards: ${formatCount(p.done)} of ${plural(p.total ?? p.done, 'organization')}`;
    case 'history':
      return `Writing the demo's year of history: month ${formatCount(p.done)} of ${formatCount(p.total ?? p.done)}`;
    case 'bringing':
      return 'Bringing the roster to a relay that does not hold this workspace…';
    case 'uploading': {
      const rooms =
        p.roomsTotal !== undefined && p.roomsTotal > 1
          ? ` (${formatCount(p.rooms ?? 0)} of ${p.roomsTotal} rooms held)`
          : '';
      return `Uploading to the relay: ${formatBytes(p.done)} of ${formatBytes(p.total ?? p.done)}${rooms}`;
    }
    case 'connecting':
      return p.done > 0 ? `Connecting to the relay: ${formatBytes(p.done)} received` : 'Connecting to the relay…';
    case 'joining':
      return 'Sending your join to the relay…';
    case 'reading': {
      const size = p.bytes ? ` (${formatBytes(p.bytes)})` : '';
      return p.done > 0 ? `Reading the local copy: ${plural(p.done, 'record')}${size}` : 'Reading the local copy…';
    }
    case 'downloading':
      if (p.total !== null) return `Downloading the workspace: ${formatBytes(p.done)} of ${formatBytes(p.total)}`;
      return p.done > 0 ? `Downloading the workspace: ${formatBytes(p.done)} received` : 'Downloading the workspace…';
    case 'checking':
      return `Checking envelopes: ${formatCount(p.done)} of ${formatCount(p.total ?? p.done)}`;
    case 'opening':
      return 'Opening the board…';
    case 'ready':
      return 'Ready';
  }
}

/** How far the bar is filled: done of total when the phase knows its whole, else none (an indeterminate bar). */
export function progressValue(p: OpenProgress | null): { now: number; max: number } | null {
  if (!p || p.total === null || p.total <= 0) return null;
  return { now: Math.min(p.done, p.total), max: p.total };
}
