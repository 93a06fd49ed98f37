import { createHeadlessEditor } from '@lexical/headless';
import { $convertToMarkdownString } from '@lexical/markdown';
import { createYjsBinding, syncLexicalUpdateToYjs, syncYjsChangesToLexical } from '@lexical/yjs';
import type { Binding, Provider } from '@lexical/yjs';
import { $createParagraphNode, $createTextNode, $getRoot, SKIP_COLLAB_TAG } from 'lexical';
import type { LexicalEditor } from 'lexical';
import * as Y from 'yjs';

import { installCleanSubtreeSync } from './cleanSubtreeSync';
import { DocMirror } from './DocMirror';

import { NOTE_NODES, NOTE_TRANSFORMERS } from './noteNodes';
import { $applyExportPolicy } from './notePolicy';

/** Lexical's collaboration code asks a provider for presence; a headless editor has none. */
export const noPresence: Provider = {
  awareness: {
    getLocalState: () => null,
    getStates: () => new Map(),
    on: () => {},
    off: () => {},
    setLocalState: () => {},
    setLocalStateField: () => {},
  },
  connect: () => {},
  disconnect: () => {},
  on: () => {},
  off: () => {},
};

/**
 * A note's content document seen through a headless Lexical editor bound with `@lexical/yjs`, as
 * the app's editor is: scripts read and append text the way a person would, and what they write
 * is the structure the app's editor reads. The binding works on a mirror of the note's document
 * (DocMirror), as the app's does.
 */
export class HeadlessNote {
  private readonly link: DocMirror;
  private readonly editor: LexicalEditor;
  private readonly binding: Binding;
  private readonly cleanups: Array<() => void> = [];

  /** `mirrorClientId`: for a workspace's note, SecureWorkspace.mirrorClientId (its edits must be ours). */
  constructor(note: Y.Doc, mirrorClientId?: number) {
    installCleanSubtreeSync();
    this.link = new DocMirror(note, mirrorClientId);
    this.editor = createHeadlessEditor({
      namespace: 'note',
      nodes: [...NOTE_NODES],
      onError: (e) => {
        throw e;
      },
    });
    this.binding = createYjsBinding({
      editor: this.editor,
      id: 'note',
      doc: this.link.mirror,
      docMap: new Map([['note', this.link.mirror]]),
    });
    const shared = this.binding.root.getSharedType();
    const onYjs = (events: Y.YEvent<Y.XmlText>[], tr: Y.Transaction) => {
      if (tr.origin !== this.binding) syncYjsChangesToLexical(this.binding, noPresence, events, false, () => {});
    };
    shared.observeDeep(onYjs);
    this.cleanups.push(() => shared.unobserveDeep(onYjs));
    this.cleanups.push(
      this.editor.registerUpdateListener((u) => {
        if (u.tags.has(SKIP_COLLAB_TAG)) return;
        syncLexicalUpdateToYjs(
          this.binding,
          noPresence,
          u.prevEditorState,
          u.editorState,
          u.dirtyElements,
          u.dirtyLeaves,
          u.normalizedNodes,
          u.tags,
        );
      }),
    );
    // The binding listens now: the note arrives in the mirror as a change it observes.
    this.link.link();
    this.settle();
  }

  /**
   * Gives an empty note its first paragraph, once, where the note is created — rather than having
   * every editor that opens it race to do so (each would add its own; see CollaborationPlugin's
   * `shouldBootstrap`).
   */
  static seed(note: Y.Doc, mirrorClientId?: number): void {
    if (note.get('root', Y.XmlText).length > 0) return;
    const headless = new HeadlessNote(note, mirrorClientId);
    headless.editor.update(() => $getRoot().append($createParagraphNode()), { discrete: true });
    headless.destroy();
  }

  /** The note as plain text, blocks separated by blank lines. */
  text(): string {
    this.settle();
    return this.editor.getEditorState().read(() => $getRoot().getTextContent());
  }

  /**
   * The note as Markdown under the export policy ($applyExportPolicy: the editor's link policy, no
   * raw HTML), made on a copy of the editor state so the note itself is not touched.
   */
  markdown(): string {
    this.settle();
    const copy = createHeadlessEditor({
      namespace: 'note-export',
      nodes: [...NOTE_NODES],
      onError: (e) => {
        throw e;
      },
    });
    const state = this.editor.getEditorState();
    // An empty note (nothing bound yet, or every edit refused) exports as nothing: Lexical refuses to
    // set an editor state whose root has no children.
    if (state.read(() => $getRoot().isEmpty())) return '';
    copy.setEditorState(copy.parseEditorState(state.toJSON()));
    copy.update($applyExportPolicy, { discrete: true });
    return copy.getEditorState().read(() => $convertToMarkdownString(NOTE_TRANSFORMERS));
  }

  /** Appends one paragraph of text at the end of the note. */
  appendParagraph(text: string): void {
    // Others' changes that arrived are committed first: committed with them (changes that came from
    // the document, so never written back), our paragraph would stay in the editor alone.
    this.settle();
    this.editor.update(
      () => {
        $getRoot().append($createParagraphNode().append($createTextNode(text)));
      },
      { discrete: true },
    );
  }

  destroy(): void {
    for (const c of this.cleanups.splice(0)) c();
    this.link.destroy();
  }

  /** Lexical commits updates in a microtask; reading or writing now must see what Yjs brought. */
  private settle(): void {
    this.editor.update(() => {}, { discrete: true });
  }
}
