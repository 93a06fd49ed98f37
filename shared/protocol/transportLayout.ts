import type * as Y from 'yjs';

/**
 * The named parts of a workspace's transport document. Each is a top-level Yjs type, so
 * concurrent offline appends by many clients always merge (nested types created concurrently
 * under one map key would not: one of them would win).
 */
export const ROSTER_LIST = 'roster';
export const KEY_LIST = 'keys';
const DOC_PREFIX = 'doc:';

/** The roster and key-log lists of a transport document. */
export const membershipLists = (
  transport: Y.Doc,
): { rosterList: Y.Array<Uint8Array>; keyList: Y.Array<Uint8Array> } => ({
  rosterList: transport.getArray<Uint8Array>(ROSTER_LIST),
  keyList: transport.getArray<Uint8Array>(KEY_LIST),
});

/** The content document holding the board, organizations, profiles and votes. */
export const WORKSPACE_DOC_ID = 'workspace';

export const docListName = (docId: string): string => `${DOC_PREFIX}${docId}`;
export const docIdOfList = (name: string): string | null =>
  name.startsWith(DOC_PREFIX) ? name.slice(DOC_PREFIX.length) : null;

/** Document ids are short and printable: they appear in headers and list names. */
export const isValidDocId = (docId: string): boolean => /^[A-Za-z0-9_-]{1,64}$/.test(docId);

/**
 * A y-websocket message type of ours (the stock ones are 0–3): a client asks the relay for the
 * room's snapshot (state vector and delete set, no content) over its own authenticated socket,
 * and the relay answers with the same type and the encoded snapshot.
 */
export const MESSAGE_STATE_QUERY = 100;
