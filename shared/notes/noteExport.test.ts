import { createHeadlessEditor } from '@lexical/headless';
import { $createLinkNode, $isLinkNode, $createAutoLinkNode } from '@lexical/link';
import { $convertFromMarkdownString } from '@lexical/markdown';
import { $createParagraphNode, $createTextNode, $getRoot, $isElementNode } from 'lexical';
import type { LexicalEditor, LexicalNode } from 'lexical';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';

import { initCrypto } from '../crypto';
import { noteDocId } from './index';
import { exchange, tableOfTwo } from '../testkit/workspaces';
import { HeadlessNote } from './HeadlessNote';
import { isAllowedLink } from './mentions';
import { noteMarkdownDocument } from './noteMarkdownDocument';
import { NOTE_NODES, NOTE_TRANSFORMERS } from './noteNodes';
import { notePdfLines } from './notePdf';

await initCrypto();

const HOSTILE_TEXT = '<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(2)> \\<b>';

/**
 * A hostile member writes a note with no editor policy at all: a patched client reaches past
 * HeadlessNote's API to its editor and writes links with any address, and raw HTML as text.
 */
function writeHostileNote(note: Y.Doc, clientId: number): void {
  const scratch = new Y.Doc();
  // Under its own client id (ADR 0008): edits under any other are refused before the policy matters.
  const headless = new HeadlessNote(scratch, clientId);
  const editor = (headless as unknown as { editor: LexicalEditor }).editor;
  editor.update(
    () => {
      const p = $createParagraphNode();
      p.append($createTextNode(HOSTILE_TEXT));
      p.append($createLinkNode('javascript:alert(3)').append($createTextNode('click me')));
      p.append($createLinkNode('data:text/html,<script>alert(4)</script>').append($createTextNode('data link')));
      p.append($createAutoLinkNode('JaVaScRiPt:alert(5)').append($createTextNode('auto')));
      p.append($createLinkNode('https://example.org/a)[y](javascript:alert(6)').append($createTextNode('tricky')));
      p.append($createLinkNode('https://example.org/b').append($createTextNode('t](javascript:alert(7))')));
      p.append($createLinkNode('ut:org/o1').append($createTextNode('Org One')));
      p.append($createLinkNode('mailto:desk@example.org').append($createTextNode('mail')));
      $getRoot().append(p);
    },
    { discrete: true },
  );
  headless.destroy();
  Y.applyUpdate(note, Y.encodeStateAsUpdate(scratch));
}

/** Every link address a Markdown reader (Lexical's own importer) finds in `markdown`. */
function linksIn(markdown: string): string[] {
  const editor = createHeadlessEditor({
    nodes: [...NOTE_NODES],
    onError: (e) => {
      throw e;
    },
  });
  const urls: string[] = [];
  editor.update(() => $convertFromMarkdownString(markdown, NOTE_TRANSFORMERS), { discrete: true });
  editor.getEditorState().read(() => {
    const visit = (n: LexicalNode) => {
      if ($isLinkNode(n)) urls.push(n.getURL());
      if ($isElementNode(n)) n.getChildren().forEach(visit);
    };
    visit($getRoot());
  });
  return urls;
}

const RAW_HTML = /(^|[^\\])<\/?[a-z!]/i;

describe('note export applies the editor link and content policy', () => {
  it('a hostile member’s javascript:, data: links and raw HTML do not survive the Markdown export', () => {
    const { admin, member } = tableOfTwo('analyst');
    writeHostileNote(member.workspace.document(noteDocId('n1')), member.workspace.mirrorClientId(noteDocId('n1')));
    member.clock.tick();
    exchange(member.transport, admin.transport);

    const headless = new HeadlessNote(admin.workspace.document(noteDocId('n1')));
    const markdown = headless.markdown();
    headless.destroy();
    const file = noteMarkdownDocument('<img src=x onerror=alert(8)> [t](javascript:alert(9))', markdown, 'TLP:CLEAR');

    const links = linksIn(file);
    expect(links.every(isAllowedLink), links.join(' ')).toBe(true);
    expect(links).toEqual(expect.arrayContaining(['ut:org/o1', 'mailto:desk@example.org', 'https://example.org/b']));
    expect(file).not.toMatch(RAW_HTML);
    expect(file).not.toMatch(/\]\(\s*(javascript|data|vbscript|file):/i);
    for (const text of ['click me', 'data link', 'auto', 'tricky', 'Org One', 'mail']) expect(file).toContain(text);
    // The note itself is not changed by exporting it.
    const again = new HeadlessNote(admin.workspace.document(noteDocId('n1')));
    expect(again.text()).toContain(HOSTILE_TEXT);
    again.destroy();
  });

  it('the PDF export shows the same note as text: link text without addresses, HTML as the characters typed', () => {
    const { admin, member } = tableOfTwo('analyst');
    writeHostileNote(member.workspace.document(noteDocId('n2')), member.workspace.mirrorClientId(noteDocId('n2')));
    member.clock.tick();
    exchange(member.transport, admin.transport);
    const headless = new HeadlessNote(admin.workspace.document(noteDocId('n2')));
    const text = notePdfLines(headless.markdown())
      .map((l) => l.text)
      .join('\n');
    headless.destroy();
    expect(text).toContain(HOSTILE_TEXT);
    expect(text).toContain('click me');
    expect(text).not.toMatch(/javascript:alert\((3|5|6)\)|data:text/);
    expect(text).toContain('t](javascript:alert(7))');
  });
});
