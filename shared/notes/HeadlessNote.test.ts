import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';

import { noteText } from './index';
import { HeadlessNote } from './HeadlessNote';
import { isAllowedLink, mentionUrl, parseMention } from './mentions';
import { notePdf } from './notePdf';
import { noteMarkdownDocument } from './noteMarkdownDocument';
import { pdfPages, pdfText } from '../../cli/testkit/pdfText';

function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

describe('HeadlessNote (the CLI’s editor)', () => {
  it('appends paragraphs into the note document and reads them back, also from a fresh editor', () => {
    const doc = new Y.Doc();
    const note = new HeadlessNote(doc);
    note.appendParagraph('Debrief: the van changed plates at Ranch 7.');
    note.appendParagraph('Next: ask CBP for crossing records.');
    expect(note.text()).toBe('Debrief: the van changed plates at Ranch 7.\n\nNext: ask CBP for crossing records.');
    note.destroy();
    const again = new HeadlessNote(doc);
    expect(again.text()).toContain('Next: ask CBP for crossing records.');
    expect(noteText(doc)).toBe('Debrief: the van changed plates at Ranch 7.\nNext: ask CBP for crossing records.');
    again.destroy();
  });

  it('seeds an empty note with one paragraph, once', () => {
    const doc = new Y.Doc();
    HeadlessNote.seed(doc);
    HeadlessNote.seed(doc);
    const root = doc.get('root', Y.XmlText);
    expect(root.length).toBe(1);
    const note = new HeadlessNote(doc);
    note.appendParagraph('after the seed');
    expect(note.text()).toBe('\n\nafter the seed');
  });

  it('merges two people’s offline appends into one note with both paragraphs', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    const na = new HeadlessNote(a);
    na.appendParagraph('first');
    sync(a, b);
    const nb = new HeadlessNote(b);
    na.appendParagraph('from A offline');
    nb.appendParagraph('from B offline');
    sync(a, b);
    for (const n of [na, nb]) {
      expect(n.text()).toContain('from A offline');
      expect(n.text()).toContain('from B offline');
    }
    expect(na.text()).toBe(nb.text());
    expect(na.markdown()).toBe(nb.markdown());
  });

  it('writes a paragraph appended right after others’ changes arrived into the note document too', () => {
    // Found by the convergence property (issue 12 item 6): committed together with the arrived
    // changes, which are not written back, the paragraph stayed in the editor and never reached the note.
    const a = new Y.Doc();
    const b = new Y.Doc();
    const na = new HeadlessNote(a);
    na.appendParagraph('first');
    sync(a, b);
    const nb = new HeadlessNote(b);
    nb.appendParagraph('from B');
    sync(a, b); // A's editor has not committed B's paragraph yet
    na.appendParagraph('from A, right after');
    expect(noteText(a)).toBe('first\nfrom B\nfrom A, right after');
    sync(a, b);
    expect(noteText(b)).toBe(noteText(a));
  });
});

describe('mentions and links', () => {
  it('round-trips mention addresses and refuses dangerous link schemes', () => {
    const url = mentionUrl({ kind: 'entity', org: 'o1', entity: 'e_2' });
    expect(parseMention(url)).toEqual({ kind: 'entity', org: 'o1', entity: 'e_2' });
    expect(parseMention(mentionUrl({ kind: 'org', org: 'abc' }))).toEqual({ kind: 'org', org: 'abc' });
    expect(parseMention('ut:org/../../x')).toBeNull();
    expect(isAllowedLink('https://example.org/a')).toBe(true);
    expect(isAllowedLink('javascript:alert(1)')).toBe(false);
    expect(isAllowedLink('file:///etc/passwd')).toBe(false);
  });
});

describe('export', () => {
  it('writes a note as Markdown and as a PDF, locally', async () => {
    const doc = new Y.Doc();
    const note = new HeadlessNote(doc);
    note.appendParagraph('Seizure at the port — 40 kg “crystal”.');
    const md = note.markdown();
    expect(md).toBe('Seizure at the port — 40 kg “crystal”.');
    const marking = 'TLP:AMBER — Task force';
    const pdf = await notePdf('Port debrief', `# Summary\n\n${md}\n\n- first\n- second`, marking);
    expect(new TextDecoder().decode(pdf.slice(0, 5))).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(800);
    // The marking at the top and bottom of the page; Unicode text as typed (embedded Roboto).
    const pages = pdfPages(pdfText(pdf));
    expect(pages).toHaveLength(1);
    expect(pages[0]!.split(marking).length - 1).toBe(2);
    expect(pages[0]).toContain('Seizure at the port — 40 kg “crystal”.');
    expect(pages[0]).toContain('Page 1 of 1');
    expect(pages[0]).toMatch(/•\s+first/);
    expect(noteMarkdownDocument('Port debrief', md, marking).split('**TLP:AMBER — Task force**').length - 1).toBe(2);
  });
});
