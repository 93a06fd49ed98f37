import { memo, startTransition, useDeferredValue, useEffect, useRef, useState } from 'react';

import { ORGS } from '../../shared/model';
import { useConcerns } from '../session/useClient';
import { useNavigation } from '../workspaces/navigation';
import { useBoardContext } from './boardContext';
import { CardHistory } from './CardHistory';
import { NetworkEditor } from './NetworkEditor';
import { OrganizationFields } from './OrganizationFields';
import { OutcomesEditor } from './OutcomesEditor';
import { Provenance } from './Provenance';
import { ReleasabilityControl } from './ReleasabilityControl';
import { useCard } from './useCard';

/**
 * The detail panel of one organization: every field, its network and its outcomes, each fact with
 * who added it. Non-modal, so the board stays live beside it; Escape closes it. It re-renders when
 * its own card changes (or a name, a marking), not with every edit elsewhere on the board.
 */
export const OrganizationPanel = memo(function OrganizationPanel({
  id,
  viewers,
  onClose,
}: {
  id: string;
  viewers: string[];
  onClose: () => void;
}) {
  const ctx = useBoardContext();
  const org = useCard(ctx.client, id);
  // Who added and changed each fact, and where it may be released, are told by names and markings.
  useConcerns(ctx.client, 'profiles');
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [confirming, setConfirming] = useState(false);
  const navigation = useNavigation();
  const openNote = () => {
    let noteId = '';
    if (ctx.attempt('note', () => (noteId = ctx.client.api.notes.ensureOrganizationNote(id))))
      navigation.openNote(noteId);
  };
  useEffect(() => headingRef.current?.focus(), [id]);
  // The panel shows at once with its name and fields; the network, the outcomes and the history
  // (dozens of rows, each with its author and matches) render just after, in a transition that
  // yields to the browser, so a click opens the panel within a frame (issue 17).
  const [revealed, setRevealed] = useState<string | null>(null);
  useEffect(() => startTransition(() => setRevealed(id)), [id]);
  // An edit to the card (a rename typed here) paints the board's card and this panel's fields first;
  // the network, outcomes and history (each a table) follow at the render after, which yields to the
  // browser: own edit → own screen within a frame (issue 17). They show the same card, a frame later.
  const deferred = useDeferredValue(org);
  // The board opens this panel only for a card it shows.
  if (!org) return null;
  const shown = deferred?.id === org.id ? deferred : org;

  return (
    <aside
      className="org-panel"
      role="dialog"
      aria-modal="false"
      aria-labelledby="org-panel-title"
      onKeyDown={(e) => {
        if (e.key === 'Escape') onClose();
      }}
    >
      <header className="org-panel-head">
        <h2 id="org-panel-title" tabIndex={-1} ref={headingRef}>
          {org.name}
        </h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </header>
      {viewers.length > 0 && <p className="viewers">Also looking: {viewers.join(', ')}</p>}
      <button type="button" onClick={openNote}>
        Open note
      </button>
      {ctx.errors.note && <p role="alert">{ctx.errors.note}</p>}
      <ReleasabilityControl
        map={ORGS}
        id={id}
        name={org.name}
        marking={org.marking}
        label="Releasability"
        portion={false}
      />
      <Provenance map={ORGS} id={id} />
      <OrganizationFields org={org} />
      {revealed === id ? (
        <>
          <NetworkEditor org={shown} />
          <OutcomesEditor org={shown} />
          <CardHistory org={shown} />
        </>
      ) : (
        <p className="note">Reading its network, outcomes and history…</p>
      )}
      {ctx.canEdit &&
        (confirming ? (
          <p role="group" aria-label="Confirm removal">
            Remove {org.name}, its network and its outcomes for everyone?{' '}
            <button
              type="button"
              onClick={() => {
                if (ctx.attempt('remove', () => ctx.board.removeOrganization(id))) onClose();
              }}
            >
              Yes, remove
            </button>{' '}
            <button type="button" onClick={() => setConfirming(false)}>
              Keep it
            </button>
          </p>
        ) : (
          <button type="button" className="danger" onClick={() => setConfirming(true)}>
            Remove organization
          </button>
        ))}
      {ctx.errors.remove && <p role="alert">{ctx.errors.remove}</p>}
    </aside>
  );
});
