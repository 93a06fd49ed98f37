import { ENTITIES, LINKS, ORGS, OUTCOMES } from '../../shared/model';
import { useBoardContext } from './boardContext';

const WHAT: Record<string, string> = {
  [ORGS]: 'an organization',
  [ENTITIES]: 'a network entry',
  [LINKS]: 'a link',
  [OUTCOMES]: 'an outcome',
};

/**
 * Facts stranded between two restricted compartments by concurrent moves (ADR 0012 §6, settling):
 * no rule can choose where they go, so they wait here, unshown, for a person to move or delete them.
 */
export function ParkedFacts() {
  const { board } = useBoardContext();
  const parked = board.parked();
  if (parked.length === 0) return null;
  return (
    <details className="parked-facts">
      <summary>Parked facts ({parked.length})</summary>
      <p className="note">
        Two people moved these into different restricted compartments at once; neither may see the other&rsquo;s. Move
        each where it belongs, or delete it.
      </p>
      <ul>
        {parked.map((r) => (
          <li key={`${r.map}:${r.id}`}>
            {WHAT[r.map] ?? 'a fact'} of {board.organizationName(r.org) || 'an organization not shown'}, in{' '}
            {board.marking(r.compartmentId)}
          </li>
        ))}
      </ul>
    </details>
  );
}
