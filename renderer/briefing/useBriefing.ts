import { useCallback, useEffect, useState } from 'react';

import { buildBriefing } from '../../shared/briefing';
import type { Briefing, BriefingOptions } from '../../shared/briefing/types';
import type { WorkspaceClient } from '../session/WorkspaceClient';

interface Built {
  /** The choices (and rebuild count) this result answers. */
  key: string;
  briefing: Briefing | null;
  /** Why the last build failed, in one sentence; the last good briefing stays shown. */
  error: string | null;
}

/**
 * The briefing for `options`, built when they change (or on `rebuild`), never on every render: the
 * workspace re-renders on each synced keystroke, and a week of a large board takes a while to read.
 * The build runs after the event that asked for it has painted.
 */
export function useBriefing(client: WorkspaceClient, options: BriefingOptions | null) {
  const [built, setBuilt] = useState<Built>({ key: '', briefing: null, error: null });
  const [asked, setAsked] = useState(0);
  const { from, to, audience } = options ?? { from: '', to: '', audience: null };
  const key = options ? `${from}|${to}|${audience ?? ''}|${asked}` : '';
  useEffect(() => {
    if (!key) return;
    let live = true;
    const timer = setTimeout(() => {
      Promise.resolve()
        .then(() => buildBriefing(client.api, { from, to, audience }))
        .then(
          (briefing) => live && setBuilt({ key, briefing, error: null }),
          (err: unknown) =>
            live &&
            setBuilt((b) => ({
              key,
              briefing: b.briefing,
              error: `The briefing could not be made: ${err instanceof Error ? err.message : String(err)}`,
            })),
        );
    }, 0);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [client, from, to, audience, key]);
  const rebuild = useCallback(() => setAsked((n) => n + 1), []);
  return { briefing: built.briefing, error: built.error, building: key !== '' && built.key !== key, rebuild };
}
