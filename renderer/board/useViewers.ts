import { useEffect, useState } from 'react';

import type { WorkspaceClient } from '../session/WorkspaceClient';

/**
 * Tells the others which card I have open (encrypted presence), and returns, per card, the names
 * of the others who have it open right now.
 */
export function useViewers(client: WorkspaceClient, openId: string | null): Map<string, string[]> {
  const [viewers, setViewers] = useState<Map<string, string[]>>(new Map());

  useEffect(() => {
    client.presence.setField('card', openId);
  }, [client, openId]);
  useEffect(() => () => client.presence.setField('card', null), [client]);

  useEffect(() => {
    const update = () => {
      const next = new Map<string, string[]>();
      for (const peer of client.presence.others()) {
        const card = peer.state.card;
        if (typeof card !== 'string') continue;
        const p = client.api.profile(peer.memberId);
        const name = p ? `${p.name} (${p.agency})` : `member ${peer.memberId.slice(0, 8)}`;
        next.set(card, [...(next.get(card) ?? []), name]);
      }
      setViewers(next);
    };
    update();
    return client.presence.onPeers(update);
  }, [client]);

  return viewers;
}
