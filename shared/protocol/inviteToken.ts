import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

import { blake2b, bytesEqual, fromBase64Url, toBase64Url } from '../crypto';

/**
 * An invite as text to carry by hand (read aloud, typed, or put in a file): the workspace, the
 * relay to reach it by, and the invite key's 32-byte seed. Whoever holds it can join once, so it
 * travels outside the relay; a 4-byte checksum catches a mistyped character.
 */
export interface InviteToken {
  workspaceId: string;
  relayUrl: string;
  seed: Uint8Array;
}

const PREFIX = 'UT1-';

export function encodeInviteToken(token: InviteToken): string {
  const e = encoding.createEncoder();
  encoding.writeVarString(e, token.workspaceId);
  encoding.writeVarString(e, token.relayUrl);
  encoding.writeVarUint8Array(e, token.seed);
  const body = encoding.toUint8Array(e);
  const sum = blake2b(body, 16).subarray(0, 4);
  const all = new Uint8Array(body.length + 4);
  all.set(body);
  all.set(sum, body.length);
  return PREFIX + toBase64Url(all);
}

/** Throws one clear sentence for anything that is not a whole, intact invite. */
export function parseInviteToken(text: string): InviteToken {
  const trimmed = text.trim();
  if (!trimmed.startsWith(PREFIX)) throw new Error('this is not a Unity Table invite (it should start with UT1-)');
  let all: Uint8Array;
  try {
    all = fromBase64Url(trimmed.slice(PREFIX.length));
  } catch {
    throw new Error('the invite is damaged: it contains characters an invite never has');
  }
  const body = all.subarray(0, all.length - 4);
  if (all.length < 40 || !bytesEqual(blake2b(body, 16).subarray(0, 4), all.subarray(all.length - 4))) {
    throw new Error('the invite is damaged: a character is wrong or missing');
  }
  try {
    const d = decoding.createDecoder(body);
    const token = {
      workspaceId: decoding.readVarString(d),
      relayUrl: decoding.readVarString(d),
      seed: decoding.readVarUint8Array(d),
    };
    if (token.seed.length !== 32 || !/^wss?:\/\//.test(token.relayUrl)) throw new Error('bad fields');
    return token;
  } catch {
    throw new Error('the invite is damaged: its contents do not parse');
  }
}
