import * as Y from 'yjs';

/**
 * A note's plain text, read straight from the Yjs structure Lexical's binding writes (a root
 * `XmlText` whose embedded `XmlText`s are blocks, `Y.Map`s carry node properties, strings are
 * text) — so search can read every note without an editor. Blocks end with a newline.
 */
export function noteText(doc: Y.Doc): string {
  const out: string[] = [];
  walk(doc.get('root', Y.XmlText), out);
  return out
    .join('')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function walk(node: Y.XmlText, out: string[]): void {
  for (const op of node.toDelta() as Array<{ insert: unknown }>) {
    const insert = op.insert;
    if (typeof insert === 'string') out.push(insert);
    else if (insert instanceof Y.XmlText) {
      walk(insert, out);
      out.push('\n');
    } else if (insert instanceof Y.Map && insert.get('__type') === 'linebreak') out.push('\n');
  }
}
