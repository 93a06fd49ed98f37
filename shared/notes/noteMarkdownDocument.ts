import { escapeMarkdownText } from './notePolicy';

/**
 * A note's exported Markdown file: its title as a heading (one line, escaped like note text), then
 * the note's Markdown as HeadlessNote.markdown() gives it (the export policy already applied).
 */
export function noteMarkdownDocument(title: string, markdown: string): string {
  const heading = escapeMarkdownText(
    title
      .replace(/\s+/g, ' ')
      .trim()
      .replace(/[\\*_~]/g, '\\$&'),
  );
  return `# ${heading}\n\n${markdown}\n`;
}
