import type { EditorThemeClasses } from 'lexical';

/** Class names for what Lexical renders (styled in notes.css: no inline styles under the CSP). */
export const noteTheme: EditorThemeClasses = {
  paragraph: 'nt-p',
  quote: 'nt-quote',
  heading: { h1: 'nt-h1', h2: 'nt-h2', h3: 'nt-h3' },
  list: {
    ul: 'nt-ul',
    ol: 'nt-ol',
    listitem: 'nt-li',
    listitemChecked: 'nt-li-checked',
    listitemUnchecked: 'nt-li-unchecked',
    nested: { listitem: 'nt-li-nested' },
  },
  link: 'nt-link',
  text: { bold: 'nt-bold', italic: 'nt-italic', underline: 'nt-underline', strikethrough: 'nt-strike' },
  table: 'nt-table',
  tableCell: 'nt-td',
  tableCellHeader: 'nt-th',
};
