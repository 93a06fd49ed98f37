import { escapeMarkdownText } from './notePolicy';

const oneLine = (text: string) =>
  escapeMarkdownText(
    text
      .replace(/\s+/g, ' ')
      .trim()
      .replace(/[\\*_~]/g, '\\$&'),
  );

/**
 * A note's exported Markdown file: the marking of the compartment it lives in (ADR 0012: every export
 * carries it) above and below, its title as a heading (one line, escaped like note text), then the
 * note's Markdown as HeadlessNote.markdown() gives it (the export policy already applied).
 */
export function noteMarkdownDocument(title: string, markdown: string, marking: string): string {
  const banner = `**${oneLine(marking)}**`;
  return `${banner}\n\n# ${oneLine(title)}\n\n${markdown}\n\n${banner}\n`;
}
