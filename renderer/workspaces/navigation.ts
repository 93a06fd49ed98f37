import { createContext, useContext } from 'react';

/** Moving between the sections of an open workspace: a mention opens a card, a card opens its note. */
export interface WorkspaceNavigation {
  openCard(orgId: string): void;
  openNote(noteId: string): void;
}

export const NavigationContext = createContext<WorkspaceNavigation | null>(null);

export function useNavigation(): WorkspaceNavigation {
  const nav = useContext(NavigationContext);
  if (!nav) throw new Error('useNavigation outside an open workspace');
  return nav;
}
