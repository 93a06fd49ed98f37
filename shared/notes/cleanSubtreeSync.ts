import { createHeadlessEditor } from '@lexical/headless';
import { createYjsBinding } from '@lexical/yjs';
import type { Binding } from '@lexical/yjs';
import { $getNodeByKey } from 'lexical';
import type { NodeKey, NodeMap } from 'lexical';
import * as Y from 'yjs';

type SyncChild = (
  this: unknown,
  binding: Binding,
  index: number,
  key: NodeKey,
  prevNodeMap: NodeMap | null,
  dirtyElements: Map<NodeKey, boolean> | null,
  dirtyLeaves: Set<NodeKey> | null,
) => void;

interface CollabElementPrototype {
  _syncChildFromLexical?: SyncChild;
  [PATCHED]?: true;
}

const PATCHED = Symbol.for('unity-table.cleanSubtreeSync');

/**
 * Makes `@lexical/yjs` (0.52) write a local edit to Yjs in time proportional to what changed, not to
 * the note's size. Its `syncLexicalUpdateToYjs` diffs the previous and next editor states from the
 * root down, and visits every node even when one character changed: in a 5,000-paragraph note that
 * walk was most of each keystroke (issue 17, P5). Lexical marks a changed node and every ancestor
 * dirty, so a child that is in neither dirty set and is the same object in both states has nothing
 * to diff below it: the walk skips it. A replaced editor state (new objects) or any dirty node still
 * takes the library's own path, so what reaches Yjs is what the full walk would have written.
 *
 * The class is internal to `@lexical/yjs`, reached through a binding's root; installed once, for
 * every binding (the app's CollaborationPlugin and HeadlessNote alike). Returns whether it is in
 * place: false if a new version of the library no longer has the method (a test fails then).
 */
export function installCleanSubtreeSync(): boolean {
  const proto = collabElementPrototype();
  if (proto[PATCHED]) return true;
  const original = proto._syncChildFromLexical;
  if (typeof original !== 'function') return false;
  const skipping: SyncChild = function (binding, index, key, prevNodeMap, dirtyElements, dirtyLeaves) {
    if (prevNodeMap !== null && dirtyElements !== null && dirtyLeaves !== null) {
      if (!dirtyElements.has(key) && !dirtyLeaves.has(key)) {
        const prev = prevNodeMap.get(key);
        // Read inside the next state's read(): the same object means the node was never made writable.
        if (prev !== undefined && prev === $getNodeByKey(key)) return;
      }
    }
    original.call(this, binding, index, key, prevNodeMap, dirtyElements, dirtyLeaves);
  };
  proto._syncChildFromLexical = skipping;
  proto[PATCHED] = true;
  return true;
}

let prototype: CollabElementPrototype | null = null;

/** The prototype of @lexical/yjs's CollabElementNode, from a throwaway binding's root. */
function collabElementPrototype(): CollabElementPrototype {
  if (prototype) return prototype;
  const doc = new Y.Doc();
  const editor = createHeadlessEditor({ namespace: 'probe', nodes: [], onError: () => {} });
  const binding = createYjsBinding({ editor, id: 'probe', doc, docMap: new Map([['probe', doc]]) });
  prototype = Object.getPrototypeOf(binding.root) as CollabElementPrototype;
  doc.destroy();
  return prototype;
}
