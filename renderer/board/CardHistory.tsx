import { useState } from 'react';

import { moment } from '../reports/reportText';
import { memberLabel, useBoardContext } from './boardContext';
import { changeLine } from './historyText';

/** Lines shown before "Show all". */
const FIRST = 20;

/**
 * A card's history (issue 16, ADR 0016), newest first: each line from a signed change record, named
 * by its signer's profile; a lane or threat nobody logged is said to be "changed without a signed
 * record", naming the member whose client wrote the value the card holds.
 */
export function CardHistory({ orgId }: { orgId: string }) {
  const ctx = useBoardContext();
  const [all, setAll] = useState(false);
  const entries = ctx.client.api.history.forOrganization(orgId);
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
}
