import type * as Y from 'yjs';

import { openWorkspace } from '../shared/workspace';
import type { OpenWorkspace } from '../shared/workspace';
import { filePlatform } from './nodePlatform';
import type { Profile } from './Profile';

/**
 * A workspace opened from the profile's encrypted local copy, with no relay: every change is
 * stored before the command returns, and sent at the next `sync`. `relayUrl` is the profile's
 * record of the workspace unless given (a join opens it before recording it).
 */
export function openSession(
  profile: Profile,
  workspaceId: string,
  options: { transport?: Y.Doc; relayUrl?: string } = {},
): Promise<OpenWorkspace> {
  return openWorkspace(
    filePlatform((id, room) => profile.transportPath(id, room)),
    {
      workspaceId,
      identity: profile.identity,
      storageKey: profile.storageKey,
      relayUrl: options.relayUrl ?? profile.workspace(workspaceId).relayUrl,
      transport: options.transport,
    },
  );
}
