import type { Provider, UserState } from '@lexical/yjs';
import type * as Y from 'yjs';

import { noteDocId } from '../../shared/notes';
import { DocMirror, installCleanSubtreeSync, NoteProvider } from '../../shared/notes';
import type { EncryptedPresence } from '../../shared/presence';
import type { SecureWorkspace } from '../../shared/sync';
import type { SharedConnection } from '../../shared/notes';

/**
 * The `providerFactory` for Lexical's CollaborationPlugin: each note's Y.Doc is the workspace's
 * decrypted content document, carried by the one encrypted transport — not a second sync path.
 */
export function noteProviderFactory(
  workspace: SecureWorkspace,
  presence: EncryptedPresence,
  connection: SharedConnection,
): (id: string, yjsDocMap: Map<string, Y.Doc>) => Provider {
  // Before the plugin binds: a keystroke then writes to Yjs what it changed, not a walk of the whole note.
  installCleanSubtreeSync();
  return (id, yjsDocMap) => {
    // Lexical binds to a mirror it watches fill up: bound to the loaded document, it would show nothing.
    const docId = noteDocId(id);
    // Its own Yjs client id, one this member owns: receivers refuse structs under any other (ADR 0008).
    const mirror = new DocMirror(workspace.document(docId), workspace.mirrorClientId(docId));
    yjsDocMap.set(id, mirror.mirror);
    const provider: Provider = new NoteProvider<UserState>(mirror.mirror, id, presence, connection, mirror);
    return provider;
  };
}
