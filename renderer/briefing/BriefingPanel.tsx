import { memo, useCallback, useMemo, useState } from 'react';

import { buildBriefing, defaultPeriod } from '../../shared/briefing';
import type { BriefingOptions } from '../../shared/briefing/types';
import type { WorkspaceClient } from '../session/WorkspaceClient';
import { useConcerns } from '../session/useClient';
import { BlufEditor } from './BlufEditor';
import { BriefingControls } from './BriefingControls';
import type { Draft } from './BriefingControls';
import { BriefingExport } from './BriefingExport';
import { BriefingPreview } from './BriefingPreview';
import { periodProblem } from './briefingText';
import { useBriefing } from './useBriefing';
import './briefing.css';

/** Re-renders only for a new briefing, not for each synced keystroke that re-renders the tab. */
const Preview = memo(BriefingPreview);

/** The Briefing tab: its period and audience, its bottom line, its exports, and its preview. */
export function BriefingPanel({ client, canEdit }: { client: WorkspaceClient; canEdit: boolean }) {
  // The compartments offered as audiences (the briefing itself is rebuilt by useBriefing).
  useConcerns(client, 'roster');
  const [draft, setDraft] = useState<Draft>(() => ({ ...defaultPeriod(Date.now()), audience: '' }));
  const compartments = client.api.compartments().filter((c) => c.title !== null && c.marking !== null);
  // An audience this member no longer holds is not offered, nor briefed for.
  const audience = compartments.some((c) => c.compartmentId === draft.audience) ? draft.audience : '';
  const problem = periodProblem(draft.from, draft.to);
  const options = useMemo<BriefingOptions | null>(
    () => (problem ? null : { from: draft.from, to: draft.to, audience: audience || null }),
    [problem, draft.from, draft.to, audience],
  );
  const { briefing, error, building, rebuild } = useBriefing(client, options);
  const make = useCallback(async () => {
    if (!options) throw new Error(problem ?? 'The period is not complete.');
    return buildBriefing(client.api, options);
  }, [client, options, problem]);

  return (
    <div className="briefing-page">
      <div className="briefing-side">
        <BriefingControls
          draft={{ ...draft, audience }}
          compartments={compartments}
          problem={problem}
          onChange={setDraft}
        />
        {options && (
          <BlufEditor
            key={`${options.from}|${options.to}|${options.audience ?? ''}`}
            client={client}
            from={options.from}
            to={options.to}
            audience={options.audience}
            canEdit={canEdit}
            onLeave={rebuild}
          />
        )}
        <BriefingExport make={make} />
      </div>
      <div className="briefing-main">
        <p role="status" aria-label="Preview" className="note">
          {building ? 'Making the preview…' : ''}
        </p>
        {error && <p role="alert">{error}</p>}
        {briefing ? (
          <Preview briefing={briefing} />
        ) : (
          !building && <p className="empty-state">Choose a period to see its briefing.</p>
        )}
      </div>
    </div>
  );
}
