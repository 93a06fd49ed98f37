import { memo, useDeferredValue, useMemo, useState } from 'react';

import type { MergedCard } from '../../shared/compartments';

import { moment } from '../reports/reportText';
import { useConcerns } from '../session/useClient';
import { memberLabel, useBoardContext } from './boardContext';
import { changeLine } from './historyText';

/** Lines shown before "Show all". */
const FIRST = 20;

/**
 * A card's history (issue 16, ADR 0016), newest first: each line from a signed change record, named
 * by its signer's profile; a lane or threat nobody logged is said to be "changed without a signed
 * record", naming the member whose client wrote the value the card holds.
 */
export const CardHistory = memo(function CardHistory({ org }: { org: MergedCard }) {
  const ctx = useBoardContext();
  const [all, setAll] = useState(false);
  // The change logs, and the card itself (a lane or threat nobody logged is read from it). A new record
  // (one's own edit logs one) is read at the render after the edit's, not before the edit is painted.
  const logs = useDeferredValue(useConcerns(ctx.client, 'history', 'profiles', 'roster'));
  const { history } = ctx.client.api;
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const entries = useMemo(() => history.forOrganization(org.id), [history, org, logs]);
  const shown = all ? entries : entries.slice(0, FIRST);
  return (
    <section className="card-history" aria-labelledby="card-history-title">
      <h3 id="card-history-title">History</h3>
      {entries.length === 0 ? (
        <p className="note">No signed changes yet.</p>
      ) : (
        <ol aria-label="Changes, newest first">
          {shown.map((e) => (
            <li key={e.id} className={e.proof === 'unlogged' ? 'unlogged' : undefined}>
              {changeLine(e, (m) => memberLabel(ctx, m), moment)}
            </li>
          ))}
        </ol>
      )}
      {!all && entries.length > FIRST && (
        <button type="button" onClick={() => setAll(true)}>
          Show all {entries.length} changes
        </button>
      )}
    </section>
  );
});
