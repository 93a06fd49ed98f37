import type { Content } from 'pdfmake/interfaces';

import { renderPdf } from '../pdf';

const SIZES = { h1: 18, h2: 15, h3: 13, body: 11 };

/**
 * A note as a PDF, made here (pdfmake, nothing leaves the machine; ADR 0017) from its Markdown:
 * headings, paragraphs, lists and quotes as text with sizes and indents, in embedded Roboto (Unicode
 * text shows as typed). Every page carries the marking of the note's compartment at its top and
 * bottom (ADR 0012: every export), and its page number.
 */
export async function notePdf(title: string, markdown: string, marking: string): Promise<Uint8Array> {
  const banner = marking.replace(/\s+/g, ' ').trim();
  const content: Content[] = [{ text: title, fontSize: SIZES.h1, bold: true, margin: [0, 0, 0, 6] }];
  for (const line of notePdfLines(markdown)) {
    if (line.text === '') content.push({ text: ' ', fontSize: line.spaceBefore });
    else
      content.push({
        text: line.text,
        fontSize: line.size,
        bold: line.bold,
        margin: [line.indent, line.spaceBefore, 0, line.size * 0.3],
      });
  }
  const { bytes } = await renderPdf({
    info: { title, producer: 'Unity Table', creator: 'Unity Table' },
    pageSize: 'A4',
    pageMargins: [56, 56, 56, 56],
    header: () => ({ text: banner, fontSize: 9, bold: true, alignment: 'center', margin: [56, 24, 56, 0] }),
    footer: (current: number, count: number) => ({
      margin: [56, 24, 56, 0],
      columns: [
        { text: banner, fontSize: 9, bold: true, alignment: 'center', width: '*' },
        { text: `Page ${current} of ${count}`, fontSize: 8, alignment: 'right', width: 70 },
      ],
    }),
    content,
  });
  return bytes;
}

/** One line of a note's PDF: its text as shown, and how. */
export interface PdfLine {
  text: string;
  size: number;
  bold: boolean;
  indent: number;
  spaceBefore: number;
}

/** What the PDF shows of a note's Markdown, line by line (tested without reading the PDF back). */
export function notePdfLines(markdown: string): PdfLine[] {
  const lines: PdfLine[] = [];
  const line = (text: string, size = SIZES.body, bold = false, indent = 0, spaceBefore = 0) =>
    lines.push({ text, size, bold, indent, spaceBefore });
  for (const raw of markdown.split('\n')) {
    const heading = /^(#{1,3})\s+(.*)$/.exec(raw);
    if (heading) {
      line(inlineText(heading[2]!), [SIZES.h1, SIZES.h2, SIZES.h3][heading[1]!.length - 1], true, 0, 4);
    } else if (/^\s*([-*]|\d+\.)\s+/.test(raw)) {
      const depth = /^\s*/.exec(raw)![0].length;
      const item = raw
        .trim()
        .replace(/^[-*]\s+(\[[ x]\]\s+)?/, (_m, box: string | undefined) => (box ? `${box}` : '• '));
      line(inlineText(item), SIZES.body, false, 12 + depth * 6);
    } else if (raw.startsWith('>')) {
      line(inlineText(raw.replace(/^>\s?/, '')), SIZES.body, false, 18);
    } else if (raw.trim() === '') {
      line('', SIZES.body, false, 0, SIZES.body * 0.6);
    } else {
      line(inlineText(raw));
    }
  }
  return lines;
}

const PUNCTUATION = /[!-/:-@[-`{-~]/;
const REFERENCE = /^&(amp|lt|gt|quot|#\d{1,7}|#x[0-9a-f]{1,6});/i;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"' };

function decodeReference(ref: string): string {
  const body = ref.slice(1, -1).toLowerCase();
  if (NAMED[body]) return NAMED[body];
  const code = body.startsWith('#x') ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
  return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd';
}

/**
 * Inline Markdown as the reader sees it: a link shows its text only (the PDF has no links, so no
 * address can be followed), escapes show the character, emphasis marks are dropped.
 */
function inlineText(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const next = text[i + 1];
    if (c === '\\' && next !== undefined && PUNCTUATION.test(next)) {
      out += next;
      i++;
    } else if (c === '&' && REFERENCE.test(text.slice(i))) {
      const ref = REFERENCE.exec(text.slice(i))![0];
      out += decodeReference(ref);
      i += ref.length - 1;
    } else if (c === '[') {
      const close = unescaped(text, i + 1, ']');
      const end = close >= 0 && text[close + 1] === '(' ? closingParen(text, close + 2) : -1;
      if (end < 0) {
        out += c;
        continue;
      }
      out += inlineText(text.slice(i + 1, close));
      i = end;
    } else if (c === '*' || c === '~' || (c === '_' && !(/\w/.test(text[i - 1] ?? '') && /\w/.test(next ?? '')))) {
      continue;
    } else out += c;
  }
  return out;
}

function unescaped(text: string, from: number, char: string): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === char) return i;
  }
  return -1;
}

function closingParen(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '(') depth++;
    else if (text[i] === ')' && depth-- === 0) return i;
  }
  return -1;
}
