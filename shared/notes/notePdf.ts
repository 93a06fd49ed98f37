import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { PDFFont } from 'pdf-lib';

const PAGE = { width: 595.28, height: 841.89, margin: 56 }; // A4, in points
const SIZES = { h1: 18, h2: 15, h3: 13, body: 11 };

/**
 * A note as a PDF, made here (pdf-lib, nothing leaves the machine) from its Markdown: headings,
 * paragraphs, lists and quotes as text with sizes and indents. The standard PDF fonts know only
 * Latin-1: other characters are written as "?", said once at the end of the document.
 */
export async function notePdf(title: string, markdown: string): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(title);
  pdf.setProducer('Unity Table');
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  let page = pdf.addPage([PAGE.width, PAGE.height]);
  let y = PAGE.height - PAGE.margin;
  let replaced = false;

  const write = (text: string, font: PDFFont, size: number, indent = 0) => {
    const width = PAGE.width - 2 * PAGE.margin - indent;
    for (const line of wrap(latin1(text), font, size, width)) {
      if (y < PAGE.margin + size) {
        page = pdf.addPage([PAGE.width, PAGE.height]);
        y = PAGE.height - PAGE.margin;
      }
      page.drawText(line, { x: PAGE.margin + indent, y: y - size, size, font });
      y -= size * 1.4;
    }
  };
  const latin1 = (text: string) =>
    text
      .replace(/[\u2018\u2019]/g, "'")
      .replace(/[\u201c\u201d]/g, '"')
      .replace(/[\u2013\u2014]/g, '-')
      .replace(/[^\x20-\x7e\xa0-\xff]/g, () => {
        replaced = true;
        return '?';
      });

  write(title, bold, SIZES.h1);
  y -= 6;
  for (const raw of markdown.split('\n')) {
    const line = raw
      .replace(/\*\*|__|(?<!\w)[*_](?!\s)|(?<!\s)[*_](?!\w)/g, '')
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
    const heading = /^(#{1,3})\s+(.*)$/.exec(line);
    if (heading) {
      y -= 4;
      write(heading[2]!, bold, [SIZES.h1, SIZES.h2, SIZES.h3][heading[1]!.length - 1]!);
    } else if (/^\s*([-*]|\d+\.)\s+/.test(line)) {
      const depth = /^\s*/.exec(line)![0].length;
      write(
        line.trim().replace(/^[-*]\s+(\[[ x]\]\s+)?/, (_m, box: string | undefined) => (box ? `${box}` : '• ')),
        regular,
        SIZES.body,
        12 + depth * 6,
      );
    } else if (line.startsWith('>')) {
      write(line.replace(/^>\s?/, ''), regular, SIZES.body, 18);
    } else if (line.trim() === '') {
      y -= SIZES.body * 0.6;
    } else {
      write(line, regular, SIZES.body);
    }
  }
  if (replaced) write('(Characters the PDF fonts cannot show were written as "?".)', regular, 9);
  return pdf.save();
}

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    const next = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(next, size) <= width || line === '') line = next;
    else {
      lines.push(line);
      line = word;
    }
  }
  lines.push(line);
  return lines;
}
