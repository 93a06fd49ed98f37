import { createContext, useContext } from 'react';

import type { Vault } from '../../shared/vault';

/** The unlocked vault and what the UI may do with it. */
export interface AppSession {
  vault: Vault;
  /** Seals the vault again and stores it (after adding a workspace, verifying a member…). */
  save(): Promise<void>;
  lock(): void;
}

export const AppSessionContext = createContext<AppSession | null>(null);

export function useAppSession(): AppSession {
  const session = useContext(AppSessionContext);
  if (!session) throw new Error('useAppSession outside an unlocked vault');
  return session;
}
