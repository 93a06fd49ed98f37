import { useEffect, useState } from 'react';

import type { EncryptedPresence } from '../../shared/presence';
import type { WorkspaceClient } from '../session/WorkspaceClient';

/**
 * The presence of every room I hold, or none after the workspace closed (a lock unmounts the board
 * after closing it).
 */
function presencesOf(client: WorkspaceClient): Array<[string, EncryptedPresence]> {
  try {
    return client.presences();
  } catch {
    return [];
  }
}

/**
 * Tells the others which card I have open — only in the room of the compartment that holds the card
 * (ADR 0012 §4: a partner never learns that someone looks at a card it cannot see) — and returns, per
 * card, the names of the others who have it open right now, from every room I hold.
 */
export function useViewers(client: WorkspaceClient, openId: string | null): Map<string, string[]> {
  const [viewers, setViewers] = useState<Map<string, string[]>>(new Map());
  const openRoom = openId ? (client.api.board.card(openId)?.compartmentId ?? null) : null;
  const rooms = presencesOf(client)
    .map(([c]) => c)
    .join(' ');

  useEffect(() => {
    for (const [c, presence] of presencesOf(client)) presence.setField('card', c === openRoom ? openId : null);
  }, [client, openId, openRoom, rooms]);
  useEffect(
    () => () => {
      for (const [, presence] of presencesOf(client)) presence.setField('card', null);
    },
    [client],
  );

  useEffect(() => {
    const presences = presencesOf(client);
    const update = () => {
      const next = new Map<string, string[]>();
      for (const [, presence] of presences)
        for (const peer of presence.others()) {
          const card = peer.state.card;
          if (typeof card !== 'string') continue;
          const p = client.api.profile(peer.memberId);
          const name = p ? `${p.name} (${p.agency})` : `member ${peer.memberId.slice(0, 8)}`;
          const names = next.get(card) ?? [];
          if (!names.includes(name)) next.set(card, [...names, name]);
        }
      setViewers(next);
    };
    update();
    const stops = presences.map(([, presence]) => presence.onPeers(update));
    return () => stops.forEach((stop) => stop());
  }, [client, rooms]);

  return viewers;
}
