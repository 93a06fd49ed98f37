import { FactAuthor } from './FactAuthor';

/** The last cells of a fact's row: who added (and changed) it, and its remove button for editors. */
export function FactCells({
  map,
  id,
  canEdit,
  removeLabel,
  onRemove,
}: {
  map: string;
  id: string;
  canEdit: boolean;
  removeLabel: string;
  onRemove: () => void;
}) {
  return (
    <>
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
