import { $isLinkNode } from '@lexical/link';
import type { LinkNode } from '@lexical/link';
import { $getRoot, $isElementNode, $isTextNode } from 'lexical';
import type { LexicalNode } from 'lexical';

import { isAllowedLink } from './mentions';

/**
 * The note's link policy, for one link (or autolink) node, in the editor and in every export
 * alike: an address isAllowedLink refuses (javascript:, data:, file:…) is unwrapped to its text.
 * Returns whether the link stays. Call inside a Lexical update.
 */
export function $enforceLinkPolicy(link: LinkNode): boolean {
  if (isAllowedLink(link.getURL())) return true;
  for (const child of link.getChildren()) link.insertBefore(child);
  link.remove();
  return false;
}

/**
 * The note policy for an export, over a whole editor state: every link through
 * $enforceLinkPolicy, kept addresses percent-encoded where Markdown would end them early, and all
 * text made inert (escapeMarkdownText), so no raw HTML and no link a reader would make from typed
 * text. Run it on a copy: never on an editor bound to a note's document.
 */
export function $applyExportPolicy(): void {
  const nodes: LexicalNode[] = [];
  const visit = (node: LexicalNode) => {
    nodes.push(node);
    if ($isElementNode(node)) node.getChildren().forEach(visit);
  };
  visit($getRoot());
  for (const node of nodes)
    if ($isLinkNode(node) && $enforceLinkPolicy(node)) node.setURL(markdownSafeUrl(node.getURL()));
  for (const node of nodes) {
    if ($isTextNode(node) && node.isAttached()) node.setTextContent(escapeMarkdownText(node.getTextContent()));
  }
}

/**
 * Text as Markdown shows it literally, through character references (CommonMark §2.5: a reference
 * never starts markup) for what would start raw HTML (`<`, `>`), a link or image (`[`, `]`, `(`,
 * `)`), code, or a reference itself. Backslashes and emphasis marks Lexical's export escapes itself.
 */
export function escapeMarkdownText(text: string): string {
  return text.replace(/[&<>[\]()`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** An allowed address with the characters that would end or break a Markdown link percent-encoded. */
function markdownSafeUrl(url: string): string {
  return url.replace(/[\s()<>[\]\\"'`]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}
