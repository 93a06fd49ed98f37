import { closeSync, openSync, writeSync } from 'node:fs';

import type { BrowserContext, Page } from '@playwright/test';

import type { Log } from './harness';

/**
 * UNITY_P3_HEAP_SNAPSHOT=file (the bench harness only; the app never reads it): where P3 writes a
 * heap snapshot of the page after its last cold open, and beside it (`.plain.heapsnapshot`) one
 * with a bare Y.Doc of the same content held in the same page. Null when unset.
 */
export function heapSnapshotPath(env: NodeJS.ProcessEnv = process.env): string | null {
  const path = env['UNITY_P3_HEAP_SNAPSHOT'];
  return path ? path : null;
}

/** The second snapshot's file, next to `path`. */
export const plainSnapshotPath = (path: string): string => `${path.replace(/\.heapsnapshot$/, '')}.plain.heapsnapshot`;

/**
 * Writes the page's heap snapshot (after a garbage collection) to `path`, streamed chunk by chunk
 * as DevTools sends it: a 100 MiB heap makes a snapshot of several hundred MB.
 */
export async function writeHeapSnapshot(context: BrowserContext, page: Page, path: string, log: Log): Promise<void> {
  const cdp = await context.newCDPSession(page);
  const fd = openSync(path, 'w');
  try {
    cdp.on('HeapProfiler.addHeapSnapshotChunk', ({ chunk }) => void writeSync(fd, chunk));
    await cdp.send('HeapProfiler.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
    await cdp.send('HeapProfiler.disable');
  } finally {
    closeSync(fd);
    await cdp.detach();
  }
  log(`[P3] the page's heap snapshot: ${path}`);
}
