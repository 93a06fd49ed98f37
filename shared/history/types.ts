/**
 * A card's history (issue 16, ADR 0016): what changed on an organization, who did it and when, as
 * its signed change log proves. Each change is one signed record in the room of the fact it
 * describes, so it is released exactly as widely as that fact.
 */
export type ChangeEvent =
  /** The lane and threat it was created with (the baseline unlogged changes are judged against). */
  | { kind: 'created'; lane?: string; threat?: string }
  /** `rename`: the lane itself was renamed (setLanes), the card did not move; logged so the card's new value is explained. */
  | { kind: 'lane'; from: string; to: string; rename?: true }
  | { kind: 'threat'; from: string; to: string }
  /** Another field of the organization changed (name, activity, lead agency, …): its name and new value. */
  | { kind: 'field'; field: string; value: string }
  /** A network entry, link or outcome added or removed; `summary` is what the card shows of it. */
  | { kind: 'added' | 'removed'; map: 'entities' | 'links' | 'outcomes'; factId: string; summary: string }
  | { kind: 'deleted' };

export interface ChangeEntry {
  /** The signed record's id; for an unlogged change, `unlogged:<orgId>:<field>`. */
  id: string;
  orgId: string;
  /** The room the record was read from (the fact's compartment). */
  compartmentId: string;
  /** The signer: a member id. */
  by: string;
  /** The signer's clock, signed with the change. */
  at: number;
  change: ChangeEvent;
  /**
   * 'signed': a valid change record. 'unlogged': the card's current value differs from what the log
   * says last, so someone changed it without a record (a patched client); `by` is then the author of
   * the Yjs item holding the value (from the signed envelope that carried it) and `at` its stamp.
   */
  proof: 'signed' | 'unlogged';
}
