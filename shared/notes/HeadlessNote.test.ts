import { inflateSync } from 'node:zlib';

import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';

import { noteText } from './index';
import { HeadlessNote } from './HeadlessNote';
import { isAllowedLink, mentionUrl, parseMention } from './mentions';
import { notePdf } from './notePdf';
import { noteMarkdownDocument } from './noteMarkdownDocument';

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

/** Every Flate-compressed stream of a PDF, inflated and joined (what its pages draw). */
function inflatedContent(pdf: Uint8Array): Uint8Array {
  const raw = Buffer.from(pdf);
  const parts: Buffer[] = [];
  for (let at = raw.indexOf('stream'); at !== -1; at = raw.indexOf('stream', at + 1)) {
    if (raw.subarray(at - 3, at).toString('latin1') === 'end') continue;
    const start = at + (raw[at + 6] === 0x0d ? 8 : 7);
    const end = raw.indexOf('endstream', start);
    try {
      parts.push(inflateSync(raw.subarray(start, end)));
    } catch {
      // Not a Flate stream (or not a stream keyword): nothing drawn there.
    }
  }
  return Buffer.concat(parts);
}

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
    // The marking at the top and bottom of the page (pdf-lib writes standard-font text as hex strings).
    const hex = [...'TLP:AMBER - Task force'].map((c) => c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'));
    const raw = new TextDecoder('latin1').decode(inflatedContent(pdf));
    expect(raw.split(`<${hex.join('')}>`).length - 1).toBe(2);
    expect(noteMarkdownDocument('Port debrief', md, marking).split('**TLP:AMBER — Task force**').length - 1).toBe(2);
  });
});
