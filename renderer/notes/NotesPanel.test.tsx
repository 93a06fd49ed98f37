// @vitest-environment happy-dom
// happy-dom, not jsdom: see renderer/board/ReleasabilityControl.test.tsx.
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { initCrypto } from '../../shared/crypto';
import { HeadlessNote, noteDocId } from '../../shared/notes';
import { roomsWorld } from '../../shared/testkit/roomsWorld';
import type { RoomsClient } from '../../shared/testkit/roomsWorld';
import { WorkspaceApi } from '../../shared/workspace';
import { AppSessionContext } from '../session/AppSession';
import type { AppSession } from '../session/AppSession';
import type { WorkspaceClient } from '../session/WorkspaceClient';
import { NavigationContext } from '../workspaces/navigation';
import { NotesPanel } from './NotesPanel';

await initCrypto();
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

/** Writes a paragraph into a note's document as `who`'s editor would, and lets the workspace seal it. */
function write(who: RoomsClient, noteId: string, text: string): void {
  const docId = noteDocId(noteId);
  const note = new HeadlessNote(who.workspace.document(docId), who.workspace.mirrorClientId(docId));
  note.appendParagraph(text);
  note.destroy();
}

/**
 * Ana's notes screen over the real API, with a client whose "something changed, once a frame" the test
 * calls itself. Eve, an analyst whose patched client writes what it likes, names an organization as markup.
 */
function notesScreen() {
  const w = roomsWorld();
  const eveClient = w.join('analyst');
  w.sync();
  const ana = new WorkspaceApi(w.admin.workspace, w.admin.identity);
  ana.signProfile({ name: 'Ana Ruiz', agency: 'DEA' });
  const eve = new WorkspaceApi(eveClient.workspace, eveClient.identity);
  eve.signProfile({ name: 'Eve Mallory', agency: 'County SO' });
  const org = ana.board.addOrganization({ name: 'Los Quietos' });
  const evil = eve.board.addOrganization({ name: '<img src=x onerror="window.pwned=1">' });
  w.sync();
  const noteId = ana.notes.ensureOrganizationNote(org);
  const evilNote = ana.notes.ensureOrganizationNote(evil);
  write(w.admin, noteId, 'Stash house on Calle Nueve.');
  w.sync();
  const listeners = new Set<() => void>();
  let version = 0;
  // Every concern moves at each change: what the notes screen does not re-render for is its own business.
  const fake = {
    api: ana,
    changes: {
      subscribe: (_concerns: unknown, l: () => void) => {
        listeners.add(l);
        return () => listeners.delete(l);
      },
      version: () => version,
    },
  };
  const client = fake as unknown as WorkspaceClient;
  /** What WorkspaceClient's change feed does once a frame after any document changed. */
  const changed = () =>
    act(() => {
      w.sync();
      version++;
      for (const l of listeners) l();
    });
  const session = {
    vault: { name: 'Ana Ruiz', agency: 'DEA', memberId: w.admin.workspace.me },
  } as unknown as AppSession;
  const navigation = { openCard: vi.fn(), openNote: vi.fn() };
  render(
    <AppSessionContext.Provider value={session}>
      <NavigationContext.Provider value={navigation}>
        {/* The note's editor, as React sees it: the focused contenteditable whose DOM it walks before a commit. */}
        <div contentEditable="true" aria-label="Open note" tabIndex={0} />
        <NotesPanel client={client} canEdit openId={null} onOpen={() => {}} />
      </NavigationContext.Provider>
    </AppSessionContext.Provider>,
  );
  return { w, ana, eve, eveClient, noteId, evilNote, changed };
}

describe('the notes screen while a note is typed in (issue 17, P5)', () => {
  it('commits nothing when only a note’s text changed, and still lists a new note', () => {
    const { w, ana, noteId, changed } = notesScreen();
    screen.getByLabelText('Open note').focus();
    // React calls getSelection before each commit that touches the DOM, then walks the focused editor's DOM.
    const walks = vi.spyOn(window, 'getSelection');
    for (let i = 0; i < 5; i++) {
      write(w.admin, noteId, `Keystroke ${i}`);
      changed();
    }
    expect(walks).not.toHaveBeenCalled();
    ana.notes.createMeetingNote({ title: 'Weekly table', date: '2026-03-02', attendees: [] });
    changed();
    expect(
      within(screen.getByRole('list', { name: 'Meeting notes' })).getByText('2026-03-02 · Weekly table'),
    ).toBeTruthy();
    expect(walks).toHaveBeenCalled(); // the probe sees a commit that did change the screen
  });

  it('keeps the search’s hits current while a query is typed, also for another member’s edits', () => {
    const { eveClient, evilNote, changed } = notesScreen();
    const search = screen.getByLabelText('Search notes and board');
    fireEvent.change(search, { target: { value: 'courier' } });
    const results = () => screen.getByRole('list', { name: 'Search results' });
    expect(within(results()).getByText('Nothing matches.')).toBeTruthy();
    write(eveClient, evilNote, 'The courier drives a <b>red</b> van.');
    changed();
    const hit = within(results()).getByRole('button', { name: 'Note: <img src=x onerror="window.pwned=1">' });
    expect(hit).toBeTruthy();
    expect(results().textContent).toContain('The courier drives a <b>red</b> van.');
    expect(results().querySelectorAll('img, b, script')).toHaveLength(0);
    expect((window as unknown as { pwned?: number }).pwned).toBeUndefined();
  });

  it('shows a hostile organization name in the list as the characters it typed', () => {
    notesScreen();
    const list = screen.getByRole('list', { name: 'Organization notes' });
    expect(within(list).getByRole('button', { name: '<img src=x onerror="window.pwned=1">' })).toBeTruthy();
    expect(list.querySelectorAll('img')).toHaveLength(0);
  });
});
