/**
 * A mention of an organization or a network entry is a link whose address is `ut:org/<id>` or
 * `ut:entity/<orgId>/<entityId>`: opening it opens the card, inside the app. Anything else that
 * looks like a link goes out through the Host's safe external-link path, if it is http(s).
 */
export type MentionTarget = { kind: 'org'; org: string } | { kind: 'entity'; org: string; entity: string };

const ID = '[A-Za-z0-9_-]{1,64}';
const ORG = new RegExp(`^ut:org/(${ID})$`);
const ENTITY = new RegExp(`^ut:entity/(${ID})/(${ID})$`);

export function mentionUrl(target: MentionTarget): string {
  return target.kind === 'org' ? `ut:org/${target.org}` : `ut:entity/${target.org}/${target.entity}`;
}

export function parseMention(url: string): MentionTarget | null {
  const org = ORG.exec(url);
  if (org) return { kind: 'org', org: org[1]! };
  const entity = ENTITY.exec(url);
  return entity ? { kind: 'entity', org: entity[1]!, entity: entity[2]! } : null;
}

/** Links a note may hold: mentions, web addresses and mail. Others (javascript:, file:, data:…) are refused. */
export function isAllowedLink(url: string): boolean {
  return parseMention(url) !== null || /^(https?:\/\/|mailto:)[^\s]+$/i.test(url);
}
