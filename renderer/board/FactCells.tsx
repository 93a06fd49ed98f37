import { FactAuthor } from './FactAuthor';
import { ReleasabilityControl } from './ReleasabilityControl';

/**
 * The last cells of a fact's row: its portion mark (and where editors may move it), who added (and
 * changed) it, and its remove button for editors.
 */
export function FactCells({
  map,
  id,
  name,
  marking,
  canEdit,
  removeLabel,
  onRemove,
}: {
  map: string;
  id: string;
  /** How the row is named to a person ("Jorge Salas", "arrest of 2025-03-02"). */
  name: string;
  marking: string;
  canEdit: boolean;
  removeLabel: string;
  onRemove: () => void;
}) {
  return (
    <>
      <td>
        <ReleasabilityControl map={map} id={id} name={name} marking={marking} />
      </td>
      <td>
        <FactAuthor map={map} id={id} />
      </td>
      {canEdit && (
        <td>
          <button type="button" onClick={onRemove}>
            {removeLabel}
          </button>
        </td>
      )}
    </>
  );
}
