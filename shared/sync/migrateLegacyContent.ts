import type * as Y from 'yjs';

import { memberIdOf, toBase64Url } from '../crypto';
import type { Identity } from '../crypto';
import { compartmentMembers, computeRoster, coreCompartmentId } from '../membership';
import { docIdOfList, isValidDocId, parseEnvelope, ROSTER_LIST } from '../protocol';

/** The origin of the migration's writes, to the core room and to the directory. */
export const migrationOrigin = Symbol('unity-table/migrate-legacy-content');

export interface LegacyContentMove {
  workspaceId: string;
  identity: Identity;
  /** The directory's transport document, as its local copy holds it (before connecting anywhere). */
  directory: Y.Doc;
  /** The core room's transport document, its local store already open on it. */
  coreRoom: Y.Doc;
  /** Resolves once the core room's local store has stored everything written to it so far. */
  stored(): Promise<void>;
}

/**
 * Moves a pre-compartment workspace's content out of its directory (ADR 0012 §5, "Migration"):
 * every `doc:*` list entry is appended to the same list of the core room unless an envelope with its
 * signature is already there, and only once the core room's local store holds them are the entries
 * deleted from the directory. Envelopes are self-contained, so they pass the same checks in the room.
 * A core member's client does it with what it holds (its offline edits too); anyone else's (a
 * partner's) moves nothing, so the directory it reads never makes it a writer of the core room.
 * Returns how many entries were copied.
 */
export async function migrateLegacyContent(move: LegacyContentMove): Promise<number> {
  const { workspaceId, directory, coreRoom } = move;
  const roster = computeRoster(workspaceId, directory.getArray(ROSTER_LIST).toArray());
  if (!compartmentMembers(roster, coreCompartmentId(workspaceId)).has(memberIdOf(move.identity))) return 0;
  const names = [...directory.share.keys()].filter((name) => {
    const docId = docIdOfList(name);
    return docId !== null && isValidDocId(docId) && directory.getArray(name).length > 0;
  });
  if (names.length === 0) return 0;
  let copied = 0;
  coreRoom.transact(() => {
    for (const name of names) {
      const target = coreRoom.getArray<Uint8Array>(name);
      const present = new Set(target.toArray().map(signatureOf));
      const missing: Uint8Array[] = [];
      for (const entry of directory.getArray<unknown>(name).toArray()) {
        const signature = signatureOf(entry);
        // Junk is left behind: no reader would apply it, in the directory or in the room.
        if (signature === null || present.has(signature)) continue;
        present.add(signature);
        missing.push(entry as Uint8Array);
      }
      if (missing.length > 0) target.insert(target.length, missing);
      copied += missing.length;
    }
  }, migrationOrigin);
  await move.stored();
  directory.transact(() => {
    for (const name of names) directory.getArray(name).delete(0, directory.getArray(name).length);
  }, migrationOrigin);
  return copied;
}

function signatureOf(entry: unknown): string | null {
  if (!(entry instanceof Uint8Array)) return null;
  try {
    return toBase64Url(parseEnvelope(entry).signature);
  } catch {
    return null;
  }
}
