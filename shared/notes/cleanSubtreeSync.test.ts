import { createHeadlessEditor } from '@lexical/headless';
import { $createHeadingNode, $isHeadingNode } from '@lexical/rich-text';
import { createYjsBinding, syncLexicalUpdateToYjs, syncYjsChangesToLexical } from '@lexical/yjs';
import type { Binding } from '@lexical/yjs';
import * as prng from 'lib0/prng';
import { $createParagraphNode, $createTextNode, $getRoot, $isElementNode, $isTextNode } from 'lexical';
import type { ElementNode, LexicalEditor, LexicalNode } from 'lexical';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';

import { installCleanSubtreeSync } from './cleanSubtreeSync';
import { HeadlessNote, noPresence } from './HeadlessNote';
import { NOTE_NODES } from './noteNodes';

/** A writer as the app's CollaborationPlugin is one: a Lexical editor whose every update goes to Yjs. */
function writer(doc: Y.Doc): { editor: LexicalEditor; binding: Binding } {
  const editor = createHeadlessEditor({
    namespace: 'writer',
    nodes: [...NOTE_NODES],
    onError: (e) => {
      throw e;
    },
  });
  const binding = createYjsBinding({ editor, id: 'note', doc, docMap: new Map([['note', doc]]) });
  editor.registerUpdateListener((u) =>
    syncLexicalUpdateToYjs(
      binding,
      noPresence,
      u.prevEditorState,
      u.editorState,
      u.dirtyElements,
      u.dirtyLeaves,
      u.normalizedNodes,
      u.tags,
    ),
  );
  return { editor, binding };
}

/** Blocks, their type and format, and their text runs with formats: what a reader must see the same. */
function shape(editor: LexicalEditor): unknown {
  return editor.getEditorState().read(() =>
    $getRoot()
      .getChildren()
      .map((block) => ({
        type: block.getType(),
        tag: $isHeadingNode(block) ? block.getTag() : null,
        format: $isElementNode(block) ? block.getFormatType() : null,
        runs: $isElementNode(block)
          ? block.getChildren().map((c) => ($isTextNode(c) ? [c.getTextContent(), c.getFormat()] : c.getType()))
          : [],
      })),
  );
}

function fill(editor: LexicalEditor, paragraphs: number): void {
  editor.update(
    () => {
      for (let i = 0; i < paragraphs; i++) {
        $getRoot().append($createParagraphNode().append($createTextNode(`Paragraph ${i}: Ada Quill at gate 4.`)));
      }
    },
    { discrete: true },
  );
}

const spies: Array<{ mockRestore(): void }> = [];
afterEach(() => {
  for (const s of spies.splice(0)) s.mockRestore();
});

describe('installCleanSubtreeSync (issue 17, P5: a keystroke costs what it changed)', () => {
  it('is in place for this version of @lexical/yjs', () => {
    expect(installCleanSubtreeSync()).toBe(true);
    expect(installCleanSubtreeSync()).toBe(true);
  });

  it('writes a character typed in paragraph k of 2,000 to Yjs without visiting the other 1,999', () => {
    installCleanSubtreeSync();
    const doc = new Y.Doc();
    const { editor, binding } = writer(doc);
    fill(editor, 2000);
    // Every element the walk diffs has its properties compared first: count those comparisons.
    const proto = Object.getPrototypeOf(binding.root) as { syncPropertiesFromLexical: (...a: unknown[]) => void };
    const visits = vi.spyOn(proto, 'syncPropertiesFromLexical');
    spies.push(visits);
    editor.update(
      () => {
        const text = ($getRoot().getChildAtIndex(1234) as ElementNode).getFirstChild();
        if ($isTextNode(text)) text.spliceText(5, 0, 'X');
      },
      { discrete: true },
    );
    // The root and paragraph 1234 (without the skip: all 2,001 elements).
    expect(visits.mock.calls.length).toBeLessThanOrEqual(2);
    const reader = new HeadlessNote(doc);
    expect(reader.text().split('\n\n')[1234]).toBe('ParagXraph 1234: Ada Quill at gate 4.');
    reader.destroy();
  });

  it('loses no edit: random edits (seeded) read back from Yjs exactly as the writer holds them', () => {
    installCleanSubtreeSync();
    const seed = Number(process.env['SEED'] ?? Date.now() % 2 ** 31);
    console.log(
      `cleanSubtreeSync seed ${seed} (replay: SEED=${seed} npx vitest run shared/notes/cleanSubtreeSync.test.ts)`,
    );
    const gen = prng.create(seed);
    const doc = new Y.Doc();
    const peer = new Y.Doc();
    doc.on('update', (u: Uint8Array) => Y.applyUpdate(peer, u));
    const { editor } = writer(doc);
    fill(editor, 40);
    const live = new HeadlessNote(peer); // follows every update, as another member's editor does
    for (let step = 0; step < 300; step++) {
      editor.update(() => randomEdit(gen), { discrete: true });
      if (step % 25 === 24 || step === 299) {
        const fresh = new HeadlessNote(doc); // built from Yjs alone
        const want = editor.getEditorState().read(() => $getRoot().getTextContent());
        expect(fresh.text(), `SEED=${seed}, step ${step}`).toBe(want);
        expect(live.text(), `SEED=${seed}, step ${step}`).toBe(want);
        fresh.destroy();
      }
    }
    // Formats and block types too, in a second writer's editor filled from the document alone.
    const copy = new Y.Doc();
    const again = writer(copy);
    observe(again, copy);
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    again.editor.update(() => {}, { discrete: true });
    expect(shape(again.editor), `SEED=${seed}`).toEqual(shape(editor));
    live.destroy();
  });
});

/** Yjs → Lexical, as the collaboration plugin does for changes that came from elsewhere. */
function observe({ binding }: { binding: Binding }, doc: Y.Doc): void {
  binding.root.getSharedType().observeDeep((events, tr) => {
    if (tr.origin !== binding) syncYjsChangesToLexical(binding, noPresence, events as never, false, () => {});
  });
  expect(doc.get('root', Y.XmlText)).toBe(binding.root.getSharedType());
}

/** One edit somewhere in the note: typing, a split, a removal, a format, a heading, a merge. */
function randomEdit(gen: prng.PRNG): void {
  const root = $getRoot();
  const blocks = root.getChildren();
  const block = blocks[prng.int32(gen, 0, blocks.length - 1)]!;
  const text = $isElementNode(block) ? block.getFirstChild<LexicalNode>() : null;
  switch (prng.int32(gen, 0, 6)) {
    case 0:
      if ($isTextNode(text)) text.spliceText(prng.int32(gen, 0, text.getTextContentSize()), 0, prng.word(gen, 1, 4));
      else if ($isElementNode(block)) block.append($createTextNode(prng.word(gen, 1, 6)));
      return;
    case 1:
      block.insertAfter($createParagraphNode().append($createTextNode(prng.word(gen, 2, 9))));
      return;
    case 2:
      if (blocks.length > 3) block.remove();
      return;
    case 3:
      if ($isTextNode(text)) text.toggleFormat(prng.oneOf(gen, ['bold', 'italic', 'underline'] as const));
      return;
    case 4:
      if ($isElementNode(block)) block.append($createTextNode(` ${prng.word(gen, 1, 5)}`).toggleFormat('bold'));
      return;
    case 5:
      if ($isElementNode(block)) block.replace($createHeadingNode(prng.oneOf(gen, ['h1', 'h2'] as const)), true);
      return;
    default: {
      const next = block.getNextSibling();
      if ($isElementNode(block) && $isElementNode(next)) {
        block.append(...next.getChildren());
        next.remove();
      }
    }
  }
}
