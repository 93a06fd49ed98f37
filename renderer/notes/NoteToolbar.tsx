import { TOGGLE_LINK_COMMAND } from '@lexical/link';
import { INSERT_CHECK_LIST_COMMAND, INSERT_ORDERED_LIST_COMMAND, INSERT_UNORDERED_LIST_COMMAND } from '@lexical/list';
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { $createHeadingNode, $createQuoteNode } from '@lexical/rich-text';
import type { HeadingTagType } from '@lexical/rich-text';
import { $setBlocksType } from '@lexical/selection';
import { INSERT_TABLE_COMMAND } from '@lexical/table';
import {
  $createParagraphNode,
  $getSelection,
  $isRangeSelection,
  FORMAT_TEXT_COMMAND,
  REDO_COMMAND,
  UNDO_COMMAND,
} from 'lexical';
import type { ElementNode, TextFormatType } from 'lexical';

import { isAllowedLink } from '../../shared/notes';

/** The formatting a note offers, as buttons (every one also has a keyboard shortcut or Markdown shortcut). */
export function NoteToolbar() {
  const [editor] = useLexicalComposerContext();
  const block = (make: () => ElementNode) =>
    editor.update(() => {
      const selection = $getSelection();
      if ($isRangeSelection(selection)) $setBlocksType(selection, make);
    });
  const heading = (tag: HeadingTagType) => block(() => $createHeadingNode(tag));
  const format = (f: TextFormatType) => editor.dispatchCommand(FORMAT_TEXT_COMMAND, f);
  const link = () => {
    const url = window.prompt('Link address (https://…):');
    if (url === null) return;
    if (url.trim() === '') editor.dispatchCommand(TOGGLE_LINK_COMMAND, null);
    else if (isAllowedLink(url.trim())) editor.dispatchCommand(TOGGLE_LINK_COMMAND, url.trim());
    else window.alert('Only https://, http:// and mailto: links can go in a note.');
  };
  return (
    <div className="note-toolbar" role="toolbar" aria-label="Formatting">
      <button type="button" onClick={() => block(() => $createParagraphNode())}>
        Paragraph
      </button>
      <button type="button" onClick={() => heading('h1')}>
        Heading 1
      </button>
      <button type="button" onClick={() => heading('h2')}>
        Heading 2
      </button>
      <button type="button" onClick={() => format('bold')} title="Ctrl+B">
        Bold
      </button>
      <button type="button" onClick={() => format('italic')} title="Ctrl+I">
        Italic
      </button>
      <button type="button" onClick={() => format('underline')} title="Ctrl+U">
        Underline
      </button>
      <button type="button" onClick={() => editor.dispatchCommand(INSERT_UNORDERED_LIST_COMMAND, undefined)}>
        Bulleted list
      </button>
      <button type="button" onClick={() => editor.dispatchCommand(INSERT_ORDERED_LIST_COMMAND, undefined)}>
        Numbered list
      </button>
      <button type="button" onClick={() => editor.dispatchCommand(INSERT_CHECK_LIST_COMMAND, undefined)}>
        Check list
      </button>
      <button type="button" onClick={() => block(() => $createQuoteNode())}>
        Quote
      </button>
      <button type="button" onClick={link}>
        Link
      </button>
      <button
        type="button"
        onClick={() => editor.dispatchCommand(INSERT_TABLE_COMMAND, { rows: '3', columns: '3', includeHeaders: true })}
      >
        Table
      </button>
      <button type="button" onClick={() => editor.dispatchCommand(UNDO_COMMAND, undefined)} title="Ctrl+Z">
        Undo
      </button>
      <button type="button" onClick={() => editor.dispatchCommand(REDO_COMMAND, undefined)} title="Ctrl+Shift+Z">
        Redo
      </button>
    </div>
  );
}
