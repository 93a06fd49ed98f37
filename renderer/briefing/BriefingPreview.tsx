import { briefingTitle, personLabel, roundSource } from '../../shared/briefing';
import type { Briefing } from '../../shared/briefing/types';
import { MarkingChip } from '../board/MarkingChip';
import { BriefingOrganizations } from './BriefingOrganizations';
import { Section, SectionFrame } from './BriefingSection';
import { BriefingTrend } from './BriefingTrend';
import { dayOf } from '../../shared/briefing';
import { movementText } from './briefingText';

/**
 * The briefing as the document it exports to: the audience's banner at its top and bottom, a portion
 * mark on each item, one section per part of the list, each saying so when it is empty.
 * The banners are notes, not banner/contentinfo landmarks, which belong to the page, not to a tab in it.
 */
export function BriefingPreview({ briefing: b }: { briefing: Briefing }) {
  return (
    <article className="briefing-doc" aria-labelledby="briefing-title">
      <Banner text={b.audience.banner} />
      <h3 id="briefing-title">{briefingTitle(b)}</h3>
      <p className="note">
        For {b.audience.title}. Made {dayOf(b.madeAt)} by {personLabel(b.madeBy)}.
      </p>

      <SectionFrame title="Bottom line up front">
        {b.bluf.trim() ? (
          <p className="briefing-bluf">
            {/* Written for this audience: it carries the audience's own marking. */}
            <MarkingChip portion marking={b.audience.banner} /> {b.bluf}
          </p>
        ) : (
          <p className="empty-state">No bottom line has been written for this briefing.</p>
        )}
      </SectionFrame>

      <Section title="Top five priorities" empty="No priority round has been closed yet." items={b.priorities} ordered>
        {(p) => (
          <>
            <MarkingChip portion marking={p.marking} /> {p.name}{' '}
            <span className="briefing-move">{movementText(p.rank, p.previousRank)}</span>
          </>
        )}
      </Section>
      {b.priorities[0] && <p className="note">{roundSource(b.priorities[0].roundTitle)}.</p>}

      <Section title="Lane changes" empty="No organization changed lanes in this period." items={b.laneChanges}>
        {(c) => (
          <>
            <MarkingChip portion marking={c.marking} /> {c.name}: {c.from} → {c.to}, by {personLabel(c.by)} on{' '}
            {dayOf(c.at)}
          </>
        )}
      </Section>

      <BriefingOrganizations organizations={b.organizations} />
      <BriefingTrend briefing={b} />

      <Section
        title="New connections"
        empty="No identifier came to be shared by two holders in this period."
        items={b.connections}
      >
        {(c) => (
          <>
            <MarkingChip portion marking={c.marking} /> {c.identifier}: {c.owners.join(', ')}
          </>
        )}
      </Section>

      <Section title="New field reports" empty="No field report was filed in this period." items={b.reports}>
        {(r) => (
          <>
            <MarkingChip portion marking={r.marking} /> {dayOf(r.at)}, {personLabel(r.filedBy)}, graded {r.grading},{' '}
            {r.status}: {r.excerpt}
          </>
        )}
      </Section>

      <Section title="Meeting notes" empty="No meeting was noted in this period." items={b.meetings}>
        {(m) => (
          <>
            <MarkingChip portion marking={m.marking} />{' '}
            <strong>
              {m.date} · {m.title}
            </strong>
            {m.markdown && <p className="briefing-bluf">{m.markdown}</p>}
          </>
        )}
      </Section>
      <Banner text={b.audience.banner} />
    </article>
  );
}

/** The classification banner, visible and named the same at the top and the bottom. */
function Banner({ text }: { text: string }) {
  return (
    <div className="briefing-banner" role="note" aria-label="Classification banner">
      <MarkingChip marking={text} />
    </div>
  );
}
