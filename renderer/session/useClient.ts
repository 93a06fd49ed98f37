import { useSyncExternalStore } from 'react';

import type { WorkspaceClient } from './WorkspaceClient';

/** Re-renders whenever the workspace's documents, roster or connection change. */
export function useClientVersion(client: WorkspaceClient): number {
  return useSyncExternalStore(
    (listener) => client.subscribe(listener),
    () => client.version,
  );
}
