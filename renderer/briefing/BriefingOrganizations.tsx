import { personLabel } from '../../shared/briefing';
import type { Briefing } from '../../shared/briefing/types';
import { MarkingChip } from '../board/MarkingChip';
import { SectionFrame } from './BriefingSection';
import { dayOf } from '../../shared/briefing';

type Organization = Briefing['organizations'][number];

/** Per organization, the period's new network entries and outcomes, each with who added it. */
export function BriefingOrganizations({ organizations }: { organizations: readonly Organization[] }) {
  return (
    <SectionFrame title="Organizations">
      {organizations.length === 0 ? (
        <p className="empty-state">No organization gained a network entry or an outcome in this period.</p>
      ) : (
        organizations.map((o) => (
          <div key={o.orgId} className="briefing-org">
            <h5>
              <MarkingChip portion marking={o.marking} /> {o.name} <span className="note">({o.lane})</span>
            </h5>
            {o.entries.length > 0 && (
              <ul aria-label={`New entries of ${o.name}`}>
                {o.entries.map((e) => (
                  <li key={e.id}>
                    <MarkingChip portion marking={e.marking} /> {e.kind}: {e.label}
                    {e.addedBy && `, added by ${personLabel(e.addedBy)}`}
                    {e.addedAt !== null && ` on ${dayOf(e.addedAt)}`}
                  </li>
                ))}
              </ul>
            )}
            {o.outcomes.length > 0 && (
              <ul aria-label={`Outcomes of ${o.name}`}>
                {o.outcomes.map((x) => (
                  <li key={x.id}>
                    <MarkingChip portion marking={x.marking} /> {x.date} · {x.kind} by {x.agency || 'an agency unsaid'}
                    {x.summary && `: ${x.summary}`}
                    {x.addedBy && ` (recorded by ${personLabel(x.addedBy)})`}
                  </li>
                ))}
              </ul>
            )}
          </div>
        ))
      )}
    </SectionFrame>
  );
}
