import { useEffect, useState } from 'react';

import type { EncryptedPresence } from '../../shared/presence';
import type { WorkspaceClient } from '../session/WorkspaceClient';

/**
 * The presence of the room I am present in, or null when there is none: before the roster puts me in
 * a compartment, and after the workspace closed (a lock unmounts the board after closing it).
 */
function presenceOf(client: WorkspaceClient): EncryptedPresence | null {
  try {
    return client.presence;
  } catch {
    return null;
  }
}

/**
 * Tells the others which card I have open (encrypted presence), and returns, per card, the names
 * of the others who have it open right now.
 */
export function useViewers(client: WorkspaceClient, openId: string | null): Map<string, string[]> {
  const [viewers, setViewers] = useState<Map<string, string[]>>(new Map());

  useEffect(() => {
    presenceOf(client)?.setField('card', openId);
  }, [client, openId]);
  useEffect(() => () => presenceOf(client)?.setField('card', null), [client]);

  useEffect(() => {
    const presence = presenceOf(client);
    if (!presence) return;
    const update = () => {
      const next = new Map<string, string[]>();
      for (const peer of presence.others()) {
        const card = peer.state.card;
        if (typeof card !== 'string') continue;
        const p = client.api.profile(peer.memberId);
        const name = p ? `${p.name} (${p.agency})` : `member ${peer.memberId.slice(0, 8)}`;
        next.set(card, [...(next.get(card) ?? []), name]);
      }
      setViewers(next);
    };
    update();
    return presence.onPeers(update);
  }, [client]);

  return viewers;
}
