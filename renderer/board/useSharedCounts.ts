import { useEffect, useRef, useState } from 'react';

import { detach } from '../app/forms';
import { sharedCounts } from '../reports/connectionGraph';
import type { ReportsApi } from '../../shared/workspace';

/**
 * Each card's badge: how many identifiers its network shares with other organizations or reports.
 * The match index's first build walks every entry and report (about half a second on a year-sized
 * board): it starts after the board's first paint and runs in slices that yield to the page
 * (ReportsApi.prepare), and the badges appear when it is done. After that the index is kept change
 * by change; while others edit, the badges follow at most once every `everyMs`, after the edits that
 * moved them, so a burst of edits never delays a click.
 */
export function useSharedCounts(
  reports: ReportsApi,
  version: string,
  everyMs = SHARED_EVERY_MS,
): ReadonlyMap<string, number> {
  const [shared, setShared] = useState<ReadonlyMap<string, number>>(NONE);
  const lastRead = useRef(0);
  useEffect(() => {
    const abort = new AbortController();
    const read = () => {
      lastRead.current = performance.now();
      const next = sharedCounts(reports.connections());
      // Unchanged counts keep the same map, so an edit that shares nothing new renders the board once.
      setShared((prev) =>
        prev.size === next.size && [...next].every(([org, n]) => prev.get(org) === n) ? prev : next,
      );
    };
    const build = () =>
      detach(
        reports.prepare({ pause: nextTask, signal: abort.signal }).then((ready) => {
          if (ready) read();
        }),
      );
    let frame: number | null = null;
    let timer: ReturnType<typeof setTimeout> | null = null;
    if (lastRead.current === 0) frame = requestAnimationFrame(() => (timer = setTimeout(build, 0)));
    else timer = setTimeout(build, Math.max(0, lastRead.current + everyMs - performance.now()));
    return () => {
      abort.abort();
      if (frame !== null) cancelAnimationFrame(frame);
      if (timer !== null) clearTimeout(timer);
    };
  }, [reports, version, everyMs]);
  return shared;
}

/** Lets the page paint and handle input before the next slice. */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** The shared-identifier badges are read again at most this often. */
const SHARED_EVERY_MS = 1000;
const NONE: ReadonlyMap<string, number> = new Map();
