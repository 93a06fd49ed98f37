import { useEffect, useMemo, useReducer } from 'react';

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
  const docs = useConcerns(client, 'reports', 'board', 'profiles', 'roster');
  const reports = client.api.reports;
  const [own, bump] = useReducer((n: number) => n + 1, 0);
  useEffect(() => reports.onChange(bump), [reports]);
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
