import { CheckListPlugin } from '@lexical/react/LexicalCheckListPlugin';
import { CollaborationPlugin } from '@lexical/react/LexicalCollaborationPlugin';
import { LexicalCollaboration } from '@lexical/react/LexicalCollaborationContext';
import { LexicalComposer } from '@lexical/react/LexicalComposer';
import { ContentEditable } from '@lexical/react/LexicalContentEditable';
import { LexicalErrorBoundary } from '@lexical/react/LexicalErrorBoundary';
import { LinkPlugin } from '@lexical/react/LexicalLinkPlugin';
import { ListPlugin } from '@lexical/react/LexicalListPlugin';
import { MarkdownShortcutPlugin } from '@lexical/react/LexicalMarkdownShortcutPlugin';
import { RichTextPlugin } from '@lexical/react/LexicalRichTextPlugin';
import { TabIndentationPlugin } from '@lexical/react/LexicalTabIndentationPlugin';
import { TablePlugin } from '@lexical/react/LexicalTablePlugin';
import { memo, useMemo, useRef } from 'react';

import { isAllowedLink, NOTE_NODES, NOTE_TRANSFORMERS } from '../../shared/notes';
import type { WorkspaceClient } from '../session/WorkspaceClient';
import { LinkPolicyPlugin } from './LinkPolicyPlugin';
import { MentionsPlugin } from './MentionsPlugin';
import { noteProviderFactory } from './noteProviderFactory';
import { noteTheme } from './noteTheme';
import { NoteToolbar } from './NoteToolbar';

interface Props {
  client: WorkspaceClient;
  noteId: string;
  title: string;
  canEdit: boolean;
  /** My name and agency, shown at my cursor on the others' screens. */
  me: { label: string; colour: string };
}

/**
 * A note in Lexical, bound to its content document by the collaboration plugin through the
 * encrypting provider. Notes are seeded with their first paragraph where they are created, so no
 * editor bootstraps (two that did at once would leave an empty paragraph behind).
 */
export const NoteEditor = memo(NoteEditorView, (a, b) => {
  // The workspace re-renders on every change (each keystroke syncs); the editor needs none of it.
  return (
    a.client === b.client &&
    a.noteId === b.noteId &&
    a.title === b.title &&
    a.canEdit === b.canEdit &&
    a.me.label === b.me.label &&
    a.me.colour === b.me.colour
  );
});

function NoteEditorView({ client, noteId, title, canEdit, me }: Props) {
  // Others' cursors and names are drawn inside the editor's box, not loose in the page.
  const cursors = useRef<HTMLDivElement>(null);
  const factory = useMemo(() => noteProviderFactory(client.workspace, client.presence, client.connection), [client]);
  const initialConfig = {
    namespace: `note-${noteId}`,
    nodes: [...NOTE_NODES],
    // The document, not Lexical, holds the state: the collaboration plugin fills the editor.
    editorState: null,
    editable: canEdit,
    theme: noteTheme,
    onError: (error: Error) => console.error(`note ${noteId}: ${error.message}`),
  };
  return (
    <LexicalComposer initialConfig={initialConfig}>
      <LexicalCollaboration>
        {canEdit && <NoteToolbar />}
        <div className="note-editor">
          <RichTextPlugin
            contentEditable={
              <ContentEditable className="note-content" aria-label={`Text of ${title}`} aria-multiline="true" />
            }
            ErrorBoundary={LexicalErrorBoundary}
          />
          <div ref={cursors} className="note-cursors" role="group" aria-label="Others' cursors" />
        </div>
        <CollaborationPlugin
          id={noteId}
          providerFactory={factory}
          shouldBootstrap={false}
          username={me.label}
          cursorColor={me.colour}
          cursorsContainerRef={cursors}
        />
        <ListPlugin />
        <CheckListPlugin />
        <LinkPlugin validateUrl={isAllowedLink} />
        <TablePlugin />
        <TabIndentationPlugin />
        <MarkdownShortcutPlugin transformers={NOTE_TRANSFORMERS} />
        <MentionsPlugin client={client} />
        <LinkPolicyPlugin />
      </LexicalCollaboration>
    </LexicalComposer>
  );
}
