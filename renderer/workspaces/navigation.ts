import { createContext, useContext } from 'react';

/**
 * Moving between the sections of an open workspace: a mention opens a card, a card opens its note,
 * a card's outcomes open the Metrics tab filtered to it.
 */
export interface WorkspaceNavigation {
  openCard(orgId: string): void;
  openNote(noteId: string): void;
  /** Optional: only the open workspace has a Metrics tab (test kits and previews have none). */
  openMetrics?: (orgId?: string) => void;
}

export const NavigationContext = createContext<WorkspaceNavigation | null>(null);

export function useNavigation(): WorkspaceNavigation {
  const nav = useContext(NavigationContext);
  if (!nav) throw new Error('useNavigation outside an open workspace');
  return nav;
}
