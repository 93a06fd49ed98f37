import { startTransition, useEffect, useMemo, useReducer } from 'react';

import type { WorkspaceClient } from '../session/WorkspaceClient';
import { useConcerns } from '../session/useClient';
import type { ReportsApi } from '../../shared/workspace';
import type { Namer } from './reportText';

/**
 * The workspace's reports, re-rendering whenever a document changes or the match index says it
 * changed (it may settle after the document event that fed it). Also returns `version`, the cache
 * key of anything read from them.
 */
export function useReports(client: WorkspaceClient): { reports: ReportsApi; names: Namer; version: string } {
  // The index hears every entry and organization change itself (below): the board is not listened to here.
  const docs = useConcerns(client, 'reports', 'profiles', 'roster');
  const reports = client.api.reports;
  const [own, bump] = useReducer((n: number) => n + 1, 0);
  // While others edit, the index changes many times a second: the first change after a quiet while is
  // told at once, the others at most every INDEX_EVERY_MS, the last one always.
  useEffect(() => {
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    // A transition: the index moves with an edit (a rename typed here), which paints first (issue 17).
    const tell = () => {
      timer = null;
      last = performance.now();
      startTransition(bump);
    };
    const stop = reports.onChange(() => {
      if (timer !== null) return;
      const wait = last + INDEX_EVERY_MS - performance.now();
      if (wait <= 0) tell();
      else timer = setTimeout(tell, wait);
    });
    return () => {
      stop();
      if (timer !== null) clearTimeout(timer);
    };
  }, [reports]);
  const { api } = client;
  const names = useMemo<Namer>(
    () => ({
      member: (id) => {
        const p = api.profile(id);
        return p ? `${p.name || 'unnamed'} (${p.agency || 'no agency'})` : `member ${id.slice(0, 8)}`;
      },
      orgName: (id) => api.board.organizationName(id),
      report: (id) => reports.report(id),
    }),
    [api, reports],
  );
  return { reports, names, version: `${docs}.${own}` };
}

/** How often at most the match index's changes re-render a screen. */
const INDEX_EVERY_MS = 250;
